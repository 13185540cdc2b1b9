using System.Globalization;
using EduPlatform.Gateway.Configuration;
using Microsoft.Extensions.Configuration;
using Yarp.ReverseProxy.Configuration;

namespace EduPlatform.Gateway.Testing;

/// <summary>
/// <see cref="GatewaySettings"/> as the gateway's configuration keys, on top of its appsettings.json: whose keys it
/// trusts, each cluster's destinations, and every setting that is not "as deployed". The same keys in process
/// (command-line arguments) and out of process (environment variables).
/// </summary>
internal static class GatewayConfiguration
{
    private static readonly string FastProbeInterval = TimeSpan.FromSeconds(1).ToString("c", CultureInfo.InvariantCulture);
    private static readonly string FastReactivation = TimeSpan.FromSeconds(2).ToString("c", CultureInfo.InvariantCulture);
    private const int FastDetectionWindowSeconds = 2;

    public static Dictionary<string, string?> For(
        GatewaySettings settings, TokenTrust trust, IReadOnlyDictionary<string, IReadOnlyList<Uri>> destinations)
    {
        var keys = new Dictionary<string, string?>
        {
            [Key(EdgeAuthOptions.Section, nameof(EdgeAuthOptions.JwksUrl))] = trust.JwksUrl.ToString(),
            [Key(GatewayOptions.Section, nameof(GatewayOptions.AccessLog))] = Text(settings.AccessLog),
        };
        if (trust.Issuer is not null)
        {
            keys[Key(EdgeAuthOptions.Section, nameof(EdgeAuthOptions.Issuer))] = trust.Issuer;
            keys[Key(EdgeAuthOptions.Section, nameof(EdgeAuthOptions.Audience))] = trust.Audience;
        }

        Set(keys, Key(GatewayOptions.Section, nameof(GatewayOptions.MaxRequestBodyBytes)), settings.MaxRequestBodyBytes);
        Set(keys, Key(EdgeAuthOptions.Section, nameof(EdgeAuthOptions.ClockSkewSeconds)), settings.ClockSkewSeconds);
        Set(keys, Key(EdgeAuthOptions.Section, nameof(EdgeAuthOptions.ValidatedTokenCacheSeconds)), settings.ValidatedTokenCacheSeconds);
        Set(keys, Key(RetryOptions.Section, nameof(RetryOptions.MaxAttempts)), settings.RetryMaxAttempts);
        for (var i = 0; i < settings.TrustedProxies.Count; i++)
        {
            keys[Key(GatewayOptions.Section, nameof(GatewayOptions.TrustedProxies), Text(i))] = settings.TrustedProxies[i];
        }

        foreach (var (policy, budget) in settings.Budgets)
        {
            keys[Key(RateLimitingOptions.Section, nameof(RateLimitingOptions.Policies), policy, nameof(RateLimitPolicyOptions.PermitLimit))] = Text(budget.PermitLimit);
            keys[Key(RateLimitingOptions.Section, nameof(RateLimitingOptions.Policies), policy, nameof(RateLimitPolicyOptions.WindowSeconds))] = Text(budget.WindowSeconds);
        }

        foreach (var route in settings.RoutesWithoutRateLimit)
        {
            keys[ReverseProxyKeys.RateLimiterPolicy(route)] = ReverseProxyKeys.NoRateLimiter;
        }

        foreach (var (cluster, addresses) in destinations)
        {
            for (var i = 0; i < addresses.Count; i++)
            {
                keys[ReverseProxyKeys.DestinationAddress(cluster, GatewaySystem.DestinationId(cluster, i))] = addresses[i].ToString();
            }

            SetHealthChecks(keys, cluster, settings);
        }

        if (settings.FastHealthChecks)
        {
            keys[Key(PassiveHealthOptions.Section, nameof(PassiveHealthOptions.DetectionWindowSeconds))] = Text(FastDetectionWindowSeconds);
        }

        return keys;
    }

    private static void SetHealthChecks(Dictionary<string, string?> keys, string cluster, GatewaySettings settings)
    {
        if (!settings.ActiveHealthChecks)
        {
            keys[ReverseProxyKeys.ActiveHealthCheck(cluster, nameof(ActiveHealthCheckConfig.Enabled))] = Text(false);
        }

        if (!settings.PassiveHealthChecks)
        {
            keys[ReverseProxyKeys.PassiveHealthCheck(cluster, nameof(PassiveHealthCheckConfig.Enabled))] = Text(false);
        }

        if (settings.FastHealthChecks)
        {
            keys[ReverseProxyKeys.ActiveHealthCheck(cluster, nameof(ActiveHealthCheckConfig.Interval))] = FastProbeInterval;
            keys[ReverseProxyKeys.ActiveHealthCheck(cluster, nameof(ActiveHealthCheckConfig.Timeout))] = FastProbeInterval;
            keys[ReverseProxyKeys.PassiveHealthCheck(cluster, nameof(PassiveHealthCheckConfig.ReactivationPeriod))] = FastReactivation;
        }
    }

    private static string Key(params string[] segments) => ConfigurationPath.Combine(segments);

    private static void Set<T>(Dictionary<string, string?> keys, string key, T? value) where T : struct, IFormattable
    {
        if (value is { } set)
        {
            keys[key] = set.ToString(null, CultureInfo.InvariantCulture);
        }
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Text(bool value) => value ? "true" : "false";
}

/// <summary>Whose signing keys the gateway fetches, and the issuer and audience it requires (null: the gateway's defaults).</summary>
internal sealed record TokenTrust(Uri JwksUrl, string? Issuer, string? Audience);
