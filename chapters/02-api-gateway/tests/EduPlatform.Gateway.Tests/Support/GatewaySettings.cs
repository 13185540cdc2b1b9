using EduPlatform.Harness.Identities;

namespace EduPlatform.Gateway.Tests.Support;

/// <summary>
/// The configuration a test hands the gateway, on top of its appsettings.json (routes, clusters,
/// policies): whose tokens it trusts, where each cluster's destinations are, and any override.
/// </summary>
public sealed class GatewaySettings
{
    private readonly Dictionary<string, string?> _values = new()
    {
        // Tests read the access log from test output only when they want it.
        ["Gateway:AccessLog"] = "false",
    };

    public IReadOnlyDictionary<string, string?> Values => _values;

    /// <summary>Tokens from the harness's test issuer: its JWKS, its issuer, its audience.</summary>
    public static GatewaySettings TrustingTokensFrom(TestTokenIssuer identity)
    {
        ArgumentNullException.ThrowIfNull(identity);
        return new GatewaySettings()
            .With("Gateway:Auth:JwksUrl", identity.JwksUri.ToString())
            .With("Gateway:Auth:Issuer", identity.Issuer)
            .With("Gateway:Auth:Audience", identity.Audience);
    }

    /// <summary>Tokens from chapter 01's Users service: its JWKS; issuer and audience are the gateway's defaults, which match it.</summary>
    public static GatewaySettings TrustingTokensFrom(Uri usersService)
    {
        ArgumentNullException.ThrowIfNull(usersService);
        return new GatewaySettings().With("Gateway:Auth:JwksUrl", new Uri(usersService, "/.well-known/jwks.json").ToString());
    }

    public GatewaySettings With(string key, string? value)
    {
        _values[key] = value;
        return this;
    }

    /// <summary>The cluster's destinations, named <c>{cluster}-1</c>, <c>{cluster}-2</c>, ... in order.</summary>
    public GatewaySettings WithDestinations(string cluster, params IEnumerable<Uri> addresses)
    {
        var number = 0;
        foreach (var address in addresses)
        {
            With($"ReverseProxy:Clusters:{cluster}:Destinations:{cluster}-{++number}:Address", address.ToString());
        }

        return this;
    }

    /// <summary>A budget for a policy (the default policy is <c>per-client</c>).</summary>
    public GatewaySettings WithBudget(string policy, int permitLimit, int windowSeconds = 900) =>
        With($"Gateway:RateLimiting:Policies:{policy}:PermitLimit", permitLimit.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .With($"Gateway:RateLimiting:Policies:{policy}:WindowSeconds", windowSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Active probes every second; a passive ejection lasts 2 s: health changes show within a test's patience.</summary>
    public GatewaySettings WithFastHealthChecks(string cluster) =>
        With($"ReverseProxy:Clusters:{cluster}:HealthCheck:Active:Interval", "00:00:01")
            .With($"ReverseProxy:Clusters:{cluster}:HealthCheck:Active:Timeout", "00:00:01")
            .With($"ReverseProxy:Clusters:{cluster}:HealthCheck:Passive:ReactivationPeriod", "00:00:02")
            .With("Gateway:PassiveHealth:DetectionWindowSeconds", "2");

    /// <summary>Switches a cluster's active and passive health checks off (to watch retries alone).</summary>
    public GatewaySettings WithoutHealthChecks(string cluster) =>
        With($"ReverseProxy:Clusters:{cluster}:HealthCheck:Active:Enabled", "false")
            .With($"ReverseProxy:Clusters:{cluster}:HealthCheck:Passive:Enabled", "false");
}
