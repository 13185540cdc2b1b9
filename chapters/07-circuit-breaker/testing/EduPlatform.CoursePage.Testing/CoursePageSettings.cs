using EduPlatform.CoursePage.Dependencies;
using EduPlatform.CoursePage.Hosting;
using EduPlatform.CoursePage.Resilience;
using EduPlatform.Harness.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EduPlatform.CoursePage.Testing;

/// <summary>
/// Everything a test or a claim chooses about the course page it starts, typed: the service's own options classes (the
/// ones its configuration binds) plus how it is hosted and on which clocks. <see cref="CoursePageSystem"/> turns them
/// into configuration keys; nothing outside <c>src</c> spells a key.
/// </summary>
/// <remarks>
/// The options classes are mutable (the configuration binder fills them), so change them through
/// <see cref="WithServer"/>, <see cref="WithVideo"/>, <see cref="WithPayments"/> or <see cref="WithDependencies"/>: each
/// returns settings with a changed copy and never touches the settings it was called on.
/// </remarks>
public sealed record CoursePageSettings
{
    /// <summary>The demo's own defaults, hosted in process on the system clock.</summary>
    public static CoursePageSettings Demo => new();

    /// <summary>
    /// What the chapter's tests start from: small numbers, so a breaker trips after one call of four attempts
    /// (MinimumThroughput 4) and retries follow each other at once (no backoff: nothing waits on a clock a test does not
    /// move). Timeouts are long (5 s an attempt) so that only a test about timeouts meets one, and it sets its own.
    /// </summary>
    public static CoursePageSettings Spec => new CoursePageSettings().WithDependencies(dependency =>
    {
        dependency.Timeouts.Attempt = TimeSpan.FromSeconds(5);
        dependency.Timeouts.Total = TimeSpan.FromSeconds(10);
        dependency.Retry.BaseDelay = TimeSpan.Zero;
        dependency.Retry.MaxDelay = TimeSpan.Zero;
        dependency.CircuitBreaker.MinimumThroughput = 4;
        dependency.CircuitBreaker.BreakDuration = TimeSpan.FromMilliseconds(500);
    });

    /// <summary>
    /// What the claims start from: the demo's defaults in its own <c>dotnet</c> process (so it never shares a thread pool
    /// with the load generator), warmed up before the load begins.
    /// </summary>
    public static CoursePageSettings UnderLoad => new() { Hosting = HostingMode.OutOfProcess, WarmUpRounds = 20 };

    /// <summary>The worker budget and request limits (<c>Server</c>).</summary>
    public ServerLimitsOptions Server { get; init; } = new();

    /// <summary>Resilience in front of the video service (<c>Resilience:Video</c>).</summary>
    public DependencyResilienceOptions Video { get; init; } = new();

    /// <summary>Resilience in front of the payment service (<c>Resilience:Payments</c>).</summary>
    public DependencyResilienceOptions Payments { get; init; } = new();

    /// <summary>The video service's endpoint (<c>Dependencies:Video</c>); a null base URL means its stub.</summary>
    public DependencyEndpointOptions VideoEndpoint { get; init; } = new();

    /// <summary>The payment service's endpoint (<c>Dependencies:Payments</c>); a null base URL means its stub.</summary>
    public DependencyEndpointOptions PaymentsEndpoint { get; init; } = new();

    /// <summary>
    /// Configuration values no typed setting can hold (a word where a number belongs), for tests of what the service
    /// refuses to start with. Keys from <see cref="CoursePageConfiguration.KeyOf{T}"/>. Applied last.
    /// </summary>
    public IReadOnlyDictionary<string, string?> Unparsed { get; init; } = new Dictionary<string, string?>();

    /// <summary>In the caller's process (default: tests) or as its own process (claims).</summary>
    public HostingMode Hosting { get; init; } = HostingMode.InProcess;

    /// <summary>
    /// The course page's clock: its breakers, timeouts, retry delays and diagnostics timestamps run on it. A
    /// <c>FakeTimeProvider</c> makes every break, window and expiry wait for the test to move it. In process only.
    /// Default: the system clock.
    /// </summary>
    public TimeProvider? Clock { get; init; }

    /// <summary>
    /// The stubs' clock: their latencies, timelines and journal stamps. A <c>FakeTimeProvider</c> nobody advances makes
    /// any latency last forever: a dependency that hangs. Default: the system clock.
    /// </summary>
    public TimeProvider? DependencyClock { get; init; }

    /// <summary>Runs after the course page's own registrations (replace a service). In process only.</summary>
    public Action<IServiceCollection>? ReplaceServices { get; init; }

    /// <summary>Lowest level of the course page's logs that is written. Default: warnings (breaker openings).</summary>
    public LogLevel MinimumLogLevel { get; init; } = LogLevel.Warning;

    /// <summary>Also receives each of the course page's log lines (they go to the running test's output anyway). Default: none.</summary>
    public Action<string>? Log { get; init; }

    /// <summary>
    /// Rounds of healthy calls to every endpoint before <see cref="CoursePageSystem.StartAsync"/> returns: a fresh process
    /// and a fresh stub answer their first requests slowly (JIT, first connections), on a busy machine slowly enough for
    /// attempt timeouts that would open a breaker before a claim begins. Default: none.
    /// </summary>
    public int WarmUpRounds { get; init; }

    /// <summary>The same settings with a changed copy of the server limits.</summary>
    public CoursePageSettings WithServer(Action<ServerLimitsOptions> change) => this with { Server = Changed(Server, change) };

    /// <summary>The same settings with a changed copy of the video service's resilience.</summary>
    public CoursePageSettings WithVideo(Action<DependencyResilienceOptions> change) => this with { Video = Changed(Video, change) };

    /// <summary>The same settings with a changed copy of the payment service's resilience.</summary>
    public CoursePageSettings WithPayments(Action<DependencyResilienceOptions> change) => this with { Payments = Changed(Payments, change) };

    /// <summary>The same change to both dependencies' resilience.</summary>
    public CoursePageSettings WithDependencies(Action<DependencyResilienceOptions> change) => WithVideo(change).WithPayments(change);

    /// <summary>Both dependencies behind <paramref name="implementation"/>'s breaker, every threshold unchanged.</summary>
    public CoursePageSettings WithBreaker(CircuitBreakerImplementation implementation) =>
        WithDependencies(dependency => dependency.CircuitBreaker.Implementation = implementation);

    private static T Changed<T>(T options, Action<T> change)
        where T : class, new()
    {
        ArgumentNullException.ThrowIfNull(change);
        var copy = CoursePageConfiguration.Copy(options);
        change(copy);
        return copy;
    }
}
