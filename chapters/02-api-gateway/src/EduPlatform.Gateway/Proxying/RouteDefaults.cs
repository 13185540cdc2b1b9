using EduPlatform.Gateway.Configuration;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Configuration;

namespace EduPlatform.Gateway.Proxying;

/// <summary>
/// Fills in what a route left out when YARP loads (or reloads) the configuration: a route that
/// names no rate-limiter policy gets <c>Gateway:RateLimiting:DefaultPolicy</c>, so a new route is
/// limited unless it says <c>"RateLimiterPolicy": "Disable"</c>. (Authorization needs no filling
/// in: the fallback policy already closes routes that name none.)
/// </summary>
public sealed class RouteDefaults(IOptions<GatewayOptions> options) : IProxyConfigFilter
{
    private readonly string _defaultPolicy = options.Value.RateLimiting.DefaultPolicy;

    public ValueTask<ClusterConfig> ConfigureClusterAsync(ClusterConfig cluster, CancellationToken cancel) => ValueTask.FromResult(cluster);

    public ValueTask<RouteConfig> ConfigureRouteAsync(RouteConfig route, ClusterConfig? cluster, CancellationToken cancel)
    {
        ArgumentNullException.ThrowIfNull(route);
        return ValueTask.FromResult(string.IsNullOrEmpty(route.RateLimiterPolicy) ? route with { RateLimiterPolicy = _defaultPolicy } : route);
    }
}
