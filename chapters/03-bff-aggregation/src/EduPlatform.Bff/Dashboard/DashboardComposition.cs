using EduPlatform.Bff.Caching;
using EduPlatform.Bff.Downstreams;
using EduPlatform.Bff.Hedging;
using Microsoft.Extensions.Options;
using ZiggyCreatures.Caching.Fusion;

namespace EduPlatform.Bff.Dashboard;

/// <summary>
/// Which downstream each section reads and how: the four sections of the student dashboard, the per-student ones keyed
/// by subject in the cache, the hedged one behind its pipeline and budget.
/// </summary>
public static class DashboardComposition
{
    public const int RecentPayments = 5;
    public const int RecommendedVideos = 6;

    public static IServiceCollection AddDashboard(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DashboardOptions>().Bind(configuration.GetSection(DashboardOptions.Section))
            .Validate(o => o.Deadline.Total > o.Deadline.ResponseReserve && o.Deadline.ResponseReserve >= TimeSpan.Zero,
                "Bff:Dashboard:Deadline: Total must be longer than ResponseReserve.")
            .Validate(o => o.Required.All(DashboardSections.IsKnown) && DashboardSections.IsKnown(o.Hedging.Section),
                $"Bff:Dashboard: RequiredSections and Hedging:Section name sections of {string.Join(", ", DashboardSections.All)}.")
            .Validate(o => o.Hedging.Budget is >= 0 and <= 1 && o.Hedging.Delay > TimeSpan.Zero,
                "Bff:Dashboard:Hedging: Budget is between 0 and 1, Delay is positive.")
            .ValidateOnStart();
        services.AddSingleton(provider => provider.GetRequiredService<IOptions<DashboardOptions>>().Value);
        services.AddSingleton<CacheHolder>();
        services.AddSingleton<PlatformClient>();
        services.AddSingleton(provider => new HedgeBudget(provider.GetRequiredService<DashboardOptions>().Hedging.Budget));
        services.AddSingleton(provider => new DashboardAggregator(Sections(provider), provider.GetRequiredService<DashboardOptions>(),
            provider.GetRequiredService<TimeProvider>()));
        return services;
    }

    private static ISectionSource[] Sections(IServiceProvider provider)
    {
        var options = provider.GetRequiredService<DashboardOptions>();
        var clock = provider.GetRequiredService<TimeProvider>();
        var client = provider.GetRequiredService<PlatformClient>();
        var budget = provider.GetRequiredService<HedgeBudget>();
        var logger = provider.GetRequiredService<ILoggerFactory>().CreateLogger<DashboardAggregator>();
        // Owned by the container, so it is disposed (and its Redis connections closed) with the app.
        var cache = provider.GetRequiredService<CacheHolder>().Cache;
        var hedging = options.Hedging.Enabled ? HedgingPipeline.Create(options.Hedging.Delay, budget, clock) : null;

        ISectionSource Section<T>(string name, string downstream, string path, bool perStudent, Func<T, T> shape) where T : class
        {
            var hedged = name == options.Hedging.Section ? hedging : null;
            return new SectionSource<T>(name, perStudent, async (student, legBudget, cancellation) =>
            {
                if (hedged is not null)
                {
                    budget.RecordFirstCall();
                }

                return shape(await client.GetAsync<T>(downstream, path, student, legBudget, hedged, cancellation));
            }, cache, options.Cache, clock, logger);
        }

        return
        [
            Section<UserProfile>(DashboardSections.Profile, "users", "/api/users/me", perStudent: true, profile => profile),
            Section<Enrollment[]>(DashboardSections.Courses, "courses", "/api/courses/enrollments", perStudent: true, enrollments => enrollments),
            Section<Charge[]>(DashboardSections.Payments, "payments", "/api/payments/charges", perStudent: true,
                charges => [.. charges.OrderByDescending(c => c.CreatedAt).Take(RecentPayments)]),
            // Public: one cache entry for every student.
            Section<Video[]>(DashboardSections.Videos, "videos", "/api/videos", perStudent: false,
                videos => [.. videos.Take(RecommendedVideos)]),
        ];
    }

    /// <summary>The container's one cache (or none), disposed with it.</summary>
    internal sealed class CacheHolder(IOptions<DashboardOptions> options, ILoggerFactory logging) : IDisposable
    {
        public IFusionCache? Cache { get; } = DashboardCache.Create(options.Value.Cache, logging);

        public void Dispose() => Cache?.Dispose();
    }
}
