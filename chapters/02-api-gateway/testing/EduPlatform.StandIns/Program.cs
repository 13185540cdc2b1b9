using EduPlatform.StandIns;

// ASPNETCORE_URLS=http://127.0.0.1:5200 StandIn__Slots=4 StandIn__CostMilliseconds=50 dotnet EduPlatform.StandIns.dll
await StandInApp.Build(args).RunAsync();
