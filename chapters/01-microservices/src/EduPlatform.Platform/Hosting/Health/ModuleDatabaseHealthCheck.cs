using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace EduPlatform.Platform.Hosting.Health;

/// <summary>Ready only when the module's own database answers a query through the module's own pool.</summary>
public sealed class ModuleDatabaseHealthCheck(ModuleDatabase database) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var command = database.DataSource.CreateCommand("SELECT 1");
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy($"{database.ModuleName} database answers");
        }
        catch (NpgsqlException exception)
        {
            // The reason, not the exception: readiness responses are public and carry no stack traces.
            return HealthCheckResult.Unhealthy($"{database.ModuleName} database unreachable: {exception.Message}");
        }
    }
}
