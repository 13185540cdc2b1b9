using EduPlatform.Gateway.Configuration;
using EduPlatform.Harness.Hosting;
using Microsoft.Extensions.Logging;

namespace EduPlatform.Gateway.Testing;

/// <summary>
/// What <see cref="GatewaySystem"/> starts: what stands behind the gateway, whose tokens it trusts, how it is hosted,
/// and the few gateway settings a test or claim varies. Every property has a default; a <c>null</c> gateway setting
/// means "as deployed" (the gateway's appsettings.json and its options' defaults, stated in the README). Each maps onto
/// the gateway's own configuration keys (the options classes' sections and <see cref="ReverseProxyKeys"/>), so the
/// system runs the same in process and as its own process.
/// </summary>
public sealed record GatewaySettings
{
    /// <summary>Each cluster's destinations (<see cref="ReverseProxyKeys.ClusterIds"/>). Default none: every route answers 503.</summary>
    public IReadOnlyDictionary<string, Upstream> Clusters { get; init; } = new Dictionary<string, Upstream>();

    /// <summary>Whose tokens the gateway and chapter 01's services trust. Default the harness's test issuer.</summary>
    public TrustedIdentity Identity { get; init; } = TrustedIdentity.TestIssuer;

    /// <summary>
    /// The gateway, chapter 01's services and the stand-ins in the caller's process (default), or each in its own
    /// <c>dotnet</c> process, where none may share a thread pool with a load generator. Stubs are always in process.
    /// </summary>
    public HostingMode Hosting { get; init; } = HostingMode.InProcess;

    /// <summary>
    /// The clock of the gateway and of the test issuer (in process only), e.g. a <c>FakeTimeProvider</c>: token
    /// lifetimes, the memory of validated tokens, and YARP's health checks (probe intervals, the passive detection
    /// window, reactivation) then move only when it is advanced. Default: the system clock.
    /// </summary>
    public TimeProvider? Clock { get; init; }

    /// <summary>The gateway's hosting environment. Default <c>Testing</c> (not Development: errors look as deployed).</summary>
    public string EnvironmentName { get; init; } = "Testing";

    /// <summary><c>Gateway:Retry:MaxAttempts</c>. Default as deployed (3); 1 switches retries off.</summary>
    public int? RetryMaxAttempts { get; init; }

    /// <summary>The clusters' active probes (<c>GET /health/ready</c>). Default on, as deployed.</summary>
    public bool ActiveHealthChecks { get; init; } = true;

    /// <summary>The clusters' passive health checks (ejection on failures). Default on, as deployed.</summary>
    public bool PassiveHealthChecks { get; init; } = true;

    /// <summary>
    /// Active probes every second (1 s timeout), a passive ejection of 2 s over a 2 s detection window: health
    /// changes within a test's patience, or within a few advances of a fake <see cref="Clock"/>. Default off (5 s probes, 10 s ejection).
    /// </summary>
    public bool FastHealthChecks { get; init; }

    /// <summary>Budgets replacing those of <c>Gateway:RateLimiting:Policies</c> by name (<see cref="RateLimitingOptions.PerClientPolicy"/>, ...). Default none.</summary>
    public IReadOnlyDictionary<string, Budget> Budgets { get; init; } = new Dictionary<string, Budget>();

    /// <summary>Routes whose limiter is switched off (<c>"RateLimiterPolicy": "Disable"</c>). Default none.</summary>
    public IReadOnlyList<string> RoutesWithoutRateLimit { get; init; } = [];

    /// <summary><c>Gateway:TrustedProxies</c>: addresses or networks whose <c>X-Forwarded-For</c> is believed. Default none, as deployed.</summary>
    public IReadOnlyList<string> TrustedProxies { get; init; } = [];

    /// <summary><c>Gateway:MaxRequestBodyBytes</c>. Default as deployed (1 MiB).</summary>
    public long? MaxRequestBodyBytes { get; init; }

    /// <summary><c>Gateway:Auth:ClockSkewSeconds</c>. Default as deployed (30).</summary>
    public int? ClockSkewSeconds { get; init; }

    /// <summary><c>Gateway:Auth:ValidatedTokenCacheSeconds</c>. Default as deployed (300).</summary>
    public int? ValidatedTokenCacheSeconds { get; init; }

    /// <summary><c>Gateway:AccessLog</c>. Default on, as deployed (in process, its lines are below <see cref="MinimumLogLevel"/> unless it is lowered).</summary>
    public bool AccessLog { get; init; } = true;

    /// <summary>Receives the gateway's log lines (out of process: its console output). Default none.</summary>
    public Action<string>? Log { get; init; }

    /// <summary>Lowest level of the in-process gateway's logs that is written. Default Warning, so test output stays readable.</summary>
    public LogLevel MinimumLogLevel { get; init; } = LogLevel.Warning;

    /// <summary>These settings with <paramref name="cluster"/> played by <paramref name="upstream"/>.</summary>
    public GatewaySettings Behind(string cluster, Upstream upstream) =>
        this with { Clusters = new Dictionary<string, Upstream>(Clusters) { [cluster] = upstream } };
}

/// <summary>Whose tokens the gateway (and chapter 01's services behind it) validate.</summary>
public enum TrustedIdentity
{
    /// <summary>The harness's test issuer: tokens for any user, and hostile ones, minted by the caller (<see cref="GatewaySystem.Issuer"/>).</summary>
    TestIssuer,

    /// <summary>Chapter 01's own Users service (its JWKS; the gateway's default issuer and audience match it): tokens come from logging in. Needs a <see cref="Upstream.Platform"/> users cluster.</summary>
    PlatformUsers,
}

/// <summary>One fixed-window budget: <paramref name="PermitLimit"/> requests per <paramref name="WindowSeconds"/>, per client.</summary>
public sealed record Budget(int PermitLimit, int WindowSeconds = 900);
