using EduPlatform.Bff;

// dotnet run --project chapters/03-bff-aggregation/src/EduPlatform.Bff -- --Bff:Downstreams:Users=http://127.0.0.1:5101/ ... (see README)
await BffHost.Build(args).RunAsync();

/// <summary>The entry point's type, for hosting the app from tests (WebApplicationFactory, the harness).</summary>
public partial class Program;
