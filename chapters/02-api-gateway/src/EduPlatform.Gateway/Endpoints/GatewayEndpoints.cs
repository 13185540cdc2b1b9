using EduPlatform.Gateway.Configuration;
using EduPlatform.Gateway.Edge;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy;

namespace EduPlatform.Gateway.Endpoints;

/// <summary>
/// What the gateway answers itself, all public: <c>/health/live</c> and <c>/health/ready</c> for
/// whoever runs it, <c>/health</c> (every destination's health as the gateway sees it: what an
/// operator looks at first), <c>/docs</c> (the route table: which paths go where, under which
/// authorization and budget), and a 404 problem for every path no route matches (the path shown percent-encoded, as
/// a URI carries it: a decoded control character or line break is never echoed).
/// </summary>
public static class GatewayEndpoints
{
    public static IEndpointRouteBuilder MapGatewayEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/health/live", () => Results.Ok(new { status = "Healthy" })).AllowAnonymous().DisableRateLimiting();
        endpoints.MapGet("/health/ready", () => Results.Ok(new { status = "Healthy" })).AllowAnonymous().DisableRateLimiting();
        endpoints.MapGet("/health", (IProxyStateLookup proxy) => Results.Ok(HealthOverview(proxy))).AllowAnonymous().DisableRateLimiting();
        endpoints.MapGet("/docs", (IProxyStateLookup proxy, IOptions<GatewayOptions> options) => Results.Ok(RouteTable(proxy, options.Value)))
            .AllowAnonymous().DisableRateLimiting();
        endpoints.MapFallback(context => GatewayProblem.WriteAsync(context, StatusCodes.Status404NotFound,
            "No such route", $"No gateway route matches {context.Request.Method} {context.Request.Path.ToUriComponent()}. GET /docs lists the routes."))
            .AllowAnonymous().DisableRateLimiting();
        return endpoints;
    }

    private static object HealthOverview(IProxyStateLookup proxy)
    {
        var clusters = proxy.GetClusters().OrderBy(cluster => cluster.ClusterId).Select(cluster => new
        {
            cluster = cluster.ClusterId,
            available = cluster.DestinationsState.AvailableDestinations.Count,
            destinations = cluster.DestinationsState.AllDestinations.Select(destination => new
            {
                id = destination.DestinationId,
                address = destination.Model.Config.Address,
                active = destination.Health.Active.ToString(),
                passive = destination.Health.Passive.ToString(),
                available = cluster.DestinationsState.AvailableDestinations.Contains(destination),
                inFlight = destination.ConcurrentRequestCount,
            }),
        }).ToList();
        return new
        {
            status = clusters.All(cluster => cluster.available > 0) ? "Healthy" : "Degraded",
            clusters,
        };
    }

    private static object RouteTable(IProxyStateLookup proxy, GatewayOptions options) => new
    {
        gateway = options.Name,
        publicPaths = new[] { "/health", "/health/live", "/health/ready", "/docs" },
        routes = proxy.GetRoutes().Select(route => route.Config).OrderBy(route => route.Order ?? 0).ThenBy(route => route.RouteId).Select(route => new
        {
            id = route.RouteId,
            path = route.Match.Path,
            methods = route.Match.Methods ?? ["*"],
            cluster = route.ClusterId,
            authorization = string.IsNullOrEmpty(route.AuthorizationPolicy) ? "authenticated (default)" : route.AuthorizationPolicy,
            rateLimit = DescribeBudget(route.RateLimiterPolicy, options.RateLimiting),
            maxRequestBodyBytes = route.MaxRequestBodySize ?? options.MaxRequestBodyBytes,
            transforms = route.Transforms,
        }),
    };

    private static string DescribeBudget(string? policy, RateLimitingOptions rateLimiting) =>
        policy is not null && rateLimiting.Policies.TryGetValue(policy, out var budget)
            ? $"{policy}: {budget.PermitLimit} per {budget.WindowSeconds} s {(budget.Partition == BudgetPartition.AddressAndAccount ? "per address and per account" : "per client")}"
            : policy ?? "none";
}
