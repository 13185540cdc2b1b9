using EduPlatform.Harness.Hosting;
using EduPlatform.Harness.Identities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EduPlatform.Platform.Testing;

/// <summary>
/// What to start: the shape, which modules, how many instances, how they are hosted, and the few platform settings a
/// test or claim varies. Every property has a default (the services shape, every module, in process); set only what
/// the caller needs. Each maps onto the platform's own configuration keys (<c>PlatformOptions.Keys</c> and friends).
/// </summary>
public sealed record PlatformSettings
{
    /// <summary>One host for everything, or one per module. Default <see cref="PlatformShape.Services"/>.</summary>
    public PlatformShape Shape { get; init; } = PlatformShape.Services;

    /// <summary>
    /// The modules to start (<see cref="PlatformModules"/>). Default all four. Without Users, the others need
    /// <see cref="TrustedIssuer"/> to validate tokens. In the monolith shape these are the one host's modules.
    /// </summary>
    public IReadOnlyList<string> Modules { get; init; } = PlatformModules.All;

    /// <summary>Services shape: how many hosts of each module but Users, all on that module's one database. Default 1.</summary>
    public int InstancesPerModule { get; init; } = 1;

    /// <summary>In the caller's process (default) or each host its own <c>dotnet</c> process, where separation must be real.</summary>
    public HostingMode Hosting { get; init; } = HostingMode.InProcess;

    /// <summary>The hosts' environment. Default <c>Testing</c> (no developer exception page, as deployed).</summary>
    public string EnvironmentName { get; init; } = "Testing";

    /// <summary><c>Platform:AccessLog</c>: one JSON line per request. Default true (the platform's own default).</summary>
    public bool AccessLog { get; init; } = true;

    /// <summary><c>Videos:Transcoder:BlockingMilliseconds</c>: how long each chunk blocks its thread. Default: the platform's (100 ms).</summary>
    public int? TranscoderBlockingMilliseconds { get; init; }

    /// <summary><c>Users:SigningKeyPem</c>: the key tokens are signed with. Default: generated and persisted by the Users database.</summary>
    public string? SigningKeyPem { get; init; }

    /// <summary>
    /// Every module validates tokens from this issuer (its JWKS, issuer and audience) instead of the Users service's:
    /// tokens for any user, and hostile ones, minted by the caller. Default none: the platform's Users service issues them.
    /// </summary>
    public TestTokenIssuer? TrustedIssuer { get; init; }

    /// <summary>Runs after the platform's registrations in every host (in process only). Default none.</summary>
    public Action<IServiceCollection>? ConfigureServices { get; init; }

    /// <summary>Receives the hosts' log lines (out of process: their console output, JSON). Default none.</summary>
    public Action<string>? Log { get; init; }

    /// <summary>Lowest level of an in-process host's logs that is written. Default Warning, so test output stays readable.</summary>
    public LogLevel MinimumLogLevel { get; init; } = LogLevel.Warning;
}
