using EduPlatform.Platform.Hosting.Health;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace EduPlatform.Platform.Hosting;

public static class ModuleDatabaseServiceCollectionExtensions
{
    /// <summary>
    /// Registers a module's database: as itself (for the module's own code), as a
    /// <see cref="ModuleDatabase"/> (so the host creates its schema at startup) and as a readiness check.
    /// </summary>
    public static IServiceCollection AddModuleDatabase<TDatabase>(this IServiceCollection services, string moduleName, IConfiguration configuration)
        where TDatabase : ModuleDatabase
    {
        // Checked now, not when the database is first resolved: a host missing a module's
        // connection string must not start at all.
        ModuleDatabase.RequireConnectionString(moduleName, configuration);
        services.AddSingleton<TDatabase>();
        services.AddSingleton<ModuleDatabase>(provider => provider.GetRequiredService<TDatabase>());
        services.AddHealthChecks().Add(new HealthCheckRegistration(
            $"{moduleName}-database",
            provider => new ModuleDatabaseHealthCheck(provider.GetRequiredService<TDatabase>()),
            HealthStatus.Unhealthy,
            [HealthEndpoints.ReadinessTag],
            TimeSpan.FromSeconds(3)));
        return services;
    }
}
