using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EduPlatform.Harness.Hosting;

/// <summary>How to host a <see cref="ServiceApp"/>. Every option has a default; set only what a test needs.</summary>
public sealed class ServiceHostOptions
{
    /// <summary>In the test process (default) or as its own <c>dotnet</c> process.</summary>
    public HostingMode Mode { get; init; } = HostingMode.InProcess;

    /// <summary>
    /// Configuration overrides (<c>"ConnectionStrings:Catalog" = "..."</c>), highest precedence.
    /// In process with a build delegate they are command-line arguments, so they are visible even to
    /// code that reads configuration before <c>Build()</c>; out of process they are environment
    /// variables (<c>:</c> becomes <c>__</c>). Default: none.
    /// </summary>
    public IReadOnlyDictionary<string, string?> Configuration { get; init; } = new Dictionary<string, string?>();

    /// <summary>
    /// The hosting environment. Default <c>Testing</c>: not Development (no developer exception
    /// page, so error responses look as they do when deployed), not Production.
    /// </summary>
    public string EnvironmentName { get; init; } = "Testing";

    /// <summary>
    /// Replaces the app's <see cref="TimeProvider"/> singleton, e.g. with a <c>FakeTimeProvider</c>.
    /// In process only. Default: the app's own (normally <see cref="TimeProvider.System"/>).
    /// </summary>
    public TimeProvider? TimeProvider { get; init; }

    /// <summary>Runs after the app's own registrations: replace or add services. In process only. Default: none.</summary>
    public Action<IServiceCollection>? ConfigureServices { get; init; }

    /// <summary>When an instance counts as ready. Default: <see cref="ReadinessProbe.Default"/>.</summary>
    public ReadinessProbe Readiness { get; init; } = ReadinessProbe.Default;

    /// <summary>How long start (and restart) may take, readiness included. Default 30 s.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a graceful stop may drain in-flight requests before it aborts them. Default 5 s.</summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Log lines go to the running test's output; this also receives each of them (to assert on
    /// them, or to keep logs of an instance started outside any test). Default: none.
    /// </summary>
    public Action<string>? Log { get; init; }

    /// <summary>Lowest level of an in-process app's logs that is written. Default Information.</summary>
    public LogLevel MinimumLogLevel { get; init; } = LogLevel.Information;

    internal void ThrowIfUnsupported()
    {
        if (Mode == HostingMode.OutOfProcess && (TimeProvider is not null || ConfigureServices is not null))
        {
            throw new NotSupportedException(
                "TimeProvider and ConfigureServices reach into the app's DI container, which only exists in process. " +
                "Host the app in process, or pass what it needs through Configuration.");
        }
    }
}
