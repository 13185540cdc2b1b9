using EduPlatform.CoursePage.Resilience;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace EduPlatform.CoursePage.Hosting;

/// <summary>Liveness, readiness and <c>/diagnostics/resilience</c>, all outside the worker budget.</summary>
public static class OperationalEndpoints
{
    public static IServiceCollection AddOperationalChecks(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck("process", () => HealthCheckResult.Healthy(), tags: ["live"])
            .AddCheck<NotStoppingCheck>("not-stopping", tags: ["ready"]);
        return services;
    }

    public static IEndpointRouteBuilder MapOperationalEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health/live", new() { Predicate = check => check.Tags.Contains("live") }).DisableRateLimiting();

        // Readiness deliberately ignores the dependencies: if an open circuit made every instance "not ready", the load
        // balancer would take them all out and turn a video outage into a whole-platform outage.
        app.MapHealthChecks("/health/ready", new() { Predicate = check => check.Tags.Contains("ready") }).DisableRateLimiting();

        app.MapGet("/diagnostics/resilience", (IEnumerable<DependencyMonitor> monitors, ServerWorkerBudget budget, TimeProvider time, HttpContext http) =>
            {
                var (inUse, queued) = budget.Occupancy(http);
                return TypedResults.Ok(new ResilienceReport(
                    time.GetUtcNow(),
                    new ServerReport(budget.Limits.MaxConcurrentRequests, budget.Limits.RequestQueueLimit, inUse, queued, budget.Rejected),
                    monitors.ToDictionary(m => m.Name.ToLowerInvariant(), m => m.Snapshot())));
            })
            .DisableRateLimiting();

        return app;
    }

    private sealed class NotStoppingCheck(IHostApplicationLifetime lifetime) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            Task.FromResult(lifetime.ApplicationStopping.IsCancellationRequested
                ? HealthCheckResult.Unhealthy("shutting down")
                : HealthCheckResult.Healthy());
    }
}

/// <summary>The body of <c>GET /diagnostics/resilience</c>.</summary>
public sealed record ResilienceReport(DateTimeOffset At, ServerReport Server, IReadOnlyDictionary<string, DependencySnapshot> Dependencies);

/// <summary>The worker budget: its limits, how much of it is in use right now, and the 503s it has answered since start.</summary>
public sealed record ServerReport(int MaxConcurrentRequests, int RequestQueueLimit, long InUse, long Queued, long Rejected);
