using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace EduPlatform.Platform.Hosting.Health;

/// <summary>
/// Not ready once shutdown has begun: a balancer polling <c>/health/ready</c> stops sending new
/// requests while the ones in flight finish (graceful shutdown).
/// </summary>
public sealed class ShutdownReadinessCheck(IHostApplicationLifetime lifetime) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(lifetime.ApplicationStopping.IsCancellationRequested
            ? HealthCheckResult.Unhealthy("shutting down")
            : HealthCheckResult.Healthy("accepting requests"));
}
