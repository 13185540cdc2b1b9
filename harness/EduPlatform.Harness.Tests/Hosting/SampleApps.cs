using EduPlatform.Harness.Hosting;
using EduPlatform.Harness.SampleApp;

namespace EduPlatform.Harness.Tests.Hosting;

/// <summary>
/// The harness's sample app, described both ways the harness can start it. Its <c>Program</c> would
/// clash with the infrastructure CLI's, so a public type of its assembly stands in for it.
/// </summary>
internal static class SampleApps
{
    /// <summary>Built by its <c>SampleApplication.Build</c> delegate in process; <c>dotnet</c> of its assembly out of process.</summary>
    public static ServiceApp ViaBuild { get; } = ServiceApp.FromBuild<SampleApplication>(SampleApplication.Build, "sample");

    /// <summary>Started through its entry point (WebApplicationFactory on Kestrel) in process.</summary>
    public static ServiceApp ViaEntryPoint { get; } = ServiceApp.FromEntryPoint<SampleApplication>("sample-entry");
}
