using EduPlatform.Harness.Hosting;
using EduPlatform.Harness.SampleApp;

namespace EduPlatform.Harness.Tests.Hosting;

/// <summary>The harness's sample app, described both ways the harness can start it.</summary>
internal static class SampleApps
{
    /// <summary>Built by its <c>SampleApplication.Build</c> delegate in process; <c>dotnet</c> of its assembly out of process.</summary>
    public static ServiceApp ViaBuild { get; } = ServiceApp.FromBuild<Program>(SampleApplication.Build, "sample");

    /// <summary>Started through its entry point (WebApplicationFactory on Kestrel) in process.</summary>
    public static ServiceApp ViaEntryPoint { get; } = ServiceApp.FromEntryPoint<Program>("sample-entry");
}
