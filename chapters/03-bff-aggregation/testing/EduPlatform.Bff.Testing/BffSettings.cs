using System.Globalization;
using EduPlatform.Bff.Dashboard;
using EduPlatform.Harness.Hosting;

namespace EduPlatform.Bff.Testing;

/// <summary>
/// Everything a test or a claim chooses about the system: the BFF's mechanisms (each switchable: the contrast runs),
/// how the four downstream stubs behave from the start, where the BFF runs and on which clock. Immutable, so
/// <c>settings with { Cache = false }</c> is the contrast. Defaults: the BFF's own defaults, healthy instant stubs.
/// </summary>
public sealed record BffSettings
{
    public static BffSettings Default { get; } = new();

    /// <summary>The seed's dashboard: <c>Promise.all</c> (parallel), no deadline, no cache, no hedge, one failure fails the page.</summary>
    public static BffSettings Seed { get; } = new() { Deadline = false, Cache = false, Hedging = false, Failures = FailurePolicy.AllOrNothing };

    public FanOut FanOut { get; init; } = FanOut.Parallel;

    public bool Deadline { get; init; } = true;

    public TimeSpan DeadlineTotal { get; init; } = TimeSpan.FromMilliseconds(300);

    public TimeSpan ResponseReserve { get; init; } = TimeSpan.FromMilliseconds(10);

    public FailurePolicy Failures { get; init; } = FailurePolicy.PartialAnswer;

    public IReadOnlyList<string> RequiredSections { get; init; } = [DashboardSections.Profile];

    public bool CancelLegsWhenClientLeaves { get; init; } = true;

    public bool Cache { get; init; } = true;

    /// <summary>Redis as the cache's second level and backplane (a logical database of the harness's Redis). Default true.</summary>
    public bool RedisSecondLevel { get; init; } = true;

    /// <summary>Per-section freshness overrides; sections not named keep the BFF's defaults.</summary>
    public IReadOnlyDictionary<string, TimeSpan> Freshness { get; init; } = new Dictionary<string, TimeSpan>();

    public TimeSpan? RetryFailedRefreshAfter { get; init; }

    public bool Hedging { get; init; } = true;

    public string HedgedSection { get; init; } = DashboardSections.Videos;

    public TimeSpan HedgeDelay { get; init; } = TimeSpan.FromMilliseconds(50);

    public double HedgeBudget { get; init; } = 0.1;

    /// <summary>How each stub (users, courses, payments, videos) behaves from the start; unnamed ones are healthy and instant.</summary>
    public IReadOnlyDictionary<string, LegBehavior> Legs { get; init; } = new Dictionary<string, LegBehavior>();

    /// <summary>In this process (tests; fast to start) or as its own dotnet process (full claims: no shared thread pool).</summary>
    public HostingMode Hosting { get; init; } = HostingMode.InProcess;

    /// <summary>The BFF's and the stubs' clock (a FakeTimeProvider for tests where time matters); in process only. Default the system clock.</summary>
    public TimeProvider? Clock { get; init; }

    public LegBehavior LegOf(string service) => Legs.TryGetValue(service, out var behavior) ? behavior : LegBehavior.Healthy;

    /// <summary>The BFF's <c>Bff:Dashboard</c> configuration for these settings.</summary>
    public Dictionary<string, string?> ToConfiguration()
    {
        var configuration = new Dictionary<string, string?>
        {
            [$"{DashboardOptions.Section}:FanOut"] = FanOut.ToString(),
            [$"{DashboardOptions.Section}:Failures"] = Failures.ToString(),
            [$"{DashboardOptions.Section}:CancelLegsWhenClientLeaves"] = Text(CancelLegsWhenClientLeaves),
            [$"{DashboardOptions.Section}:Deadline:Enabled"] = Text(Deadline),
            [$"{DashboardOptions.Section}:Deadline:Total"] = Text(DeadlineTotal),
            [$"{DashboardOptions.Section}:Deadline:ResponseReserve"] = Text(ResponseReserve),
            [$"{DashboardOptions.Section}:Cache:Enabled"] = Text(Cache),
            [$"{DashboardOptions.Section}:Hedging:Enabled"] = Text(Hedging),
            [$"{DashboardOptions.Section}:Hedging:Section"] = HedgedSection,
            [$"{DashboardOptions.Section}:Hedging:Delay"] = Text(HedgeDelay),
            [$"{DashboardOptions.Section}:Hedging:Budget"] = HedgeBudget.ToString(CultureInfo.InvariantCulture),
        };
        configuration[$"{DashboardOptions.Section}:RequiredSections"] = string.Join(',', RequiredSections);

        foreach (var (section, freshness) in Freshness)
        {
            configuration[$"{DashboardOptions.Section}:Cache:Freshness:{section}"] = Text(freshness);
        }

        if (RetryFailedRefreshAfter is { } retry)
        {
            configuration[$"{DashboardOptions.Section}:Cache:RetryFailedRefreshAfter"] = Text(retry);
        }

        return configuration;
    }

    private static string Text(bool value) => value ? "true" : "false";

    private static string Text(TimeSpan value) => value.ToString("c", CultureInfo.InvariantCulture);
}
