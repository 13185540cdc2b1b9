using EduPlatform.Platform;
using EduPlatform.Platform.Hosting;

// dotnet run --project chapters/01-microservices/src/EduPlatform.Platform -- --Platform:Modules=all --ConnectionStrings:Users=... (see README)
try
{
    await PlatformHost.Build(args).RunAsync();
    return 0;
}
catch (PlatformConfigurationException exception)
{
    // A configuration mistake is the operator's to fix: say which key, without a stack trace.
    await Console.Error.WriteLineAsync($"EduPlatform.Platform: {exception.Message}");
    return 2;
}
