namespace EduPlatform.Platform.Testing;

/// <summary>
/// What one extra instance does differently from the rest of its module (<see cref="PlatformSystem.StartExtraInstanceAsync"/>):
/// reach its database another way (through a fault proxy), or fetch the keys from somewhere else (an unreachable issuer).
/// </summary>
public sealed record InstanceOverrides
{
    /// <summary>The module's connection string for this instance. Default: the module's database, directly.</summary>
    public string? ConnectionString { get; init; }

    /// <summary><c>Platform:Auth:JwksUrl</c> for this instance. Default: the deployment's (the Users service's or the trusted issuer's).</summary>
    public string? JwksUrl { get; init; }
}
