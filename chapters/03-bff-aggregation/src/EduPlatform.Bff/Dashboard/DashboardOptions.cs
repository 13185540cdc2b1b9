namespace EduPlatform.Bff.Dashboard;

/// <summary>
/// Section <c>Bff:Dashboard</c>: every mechanism of the aggregation, each with its default, each switchable so a contrast
/// run can show what it buys (sequential calls, no deadline, no cache, no hedge, the seed's all-or-nothing answer).
/// </summary>
public sealed class DashboardOptions
{
    public const string Section = "Bff:Dashboard";

    /// <summary>How the legs are called. Default <see cref="FanOut.Parallel"/>.</summary>
    public FanOut FanOut { get; set; } = FanOut.Parallel;

    public DeadlineOptions Deadline { get; set; } = new();

    /// <summary>What a failed section does to the answer. Default <see cref="FailurePolicy.PartialAnswer"/>.</summary>
    public FailurePolicy Failures { get; set; } = FailurePolicy.PartialAnswer;

    /// <summary>
    /// Sections without which there is no page, comma-separated: 503 when one of them is unavailable. Empty: none is
    /// required. Default <c>profile</c>.
    /// </summary>
    public string RequiredSections { get; set; } = DashboardSections.Profile;

    /// <summary><see cref="RequiredSections"/> as a list.</summary>
    public IReadOnlyList<string> Required =>
        RequiredSections.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    /// <summary>
    /// Whether a client that disconnects cancels the legs it started. Default true. Off only for the contrast run that
    /// shows downstream work nobody will read piling up.
    /// </summary>
    public bool CancelLegsWhenClientLeaves { get; set; } = true;

    public CacheOptions Cache { get; set; } = new();

    public HedgingOptions Hedging { get; set; } = new();

    public sealed class DeadlineOptions
    {
        /// <summary>Default true. Off: every leg waits as long as its downstream takes (the contrast run).</summary>
        public bool Enabled { get; set; } = true;

        /// <summary>The whole request's budget, from arrival to the last byte of the answer. Default 300 ms.</summary>
        public TimeSpan Total { get; set; } = TimeSpan.FromMilliseconds(300);

        /// <summary>Kept back from the legs for composing and writing the answer. Default 10 ms.</summary>
        public TimeSpan ResponseReserve { get; set; } = TimeSpan.FromMilliseconds(10);

        /// <summary>The legs' share of the deadline: <see cref="Total"/> minus <see cref="ResponseReserve"/>.</summary>
        public TimeSpan ForLegs => Total - ResponseReserve;
    }

    public sealed class CacheOptions
    {
        /// <summary>Default true. Off: every section is fetched on every request, and a failed leg has no copy to fall back on.</summary>
        public bool Enabled { get; set; } = true;

        /// <summary>
        /// StackExchange.Redis configuration of the second level (shared by every BFF instance) and of the backplane that
        /// tells the other instances' memory caches about a new value. Empty: memory only. Default empty.
        /// </summary>
        public string? Redis { get; set; }

        /// <summary>How long an answer is fresh, per section. Defaults: profile 60 s, courses 10 s, payments 5 s, videos 60 s.</summary>
        public IDictionary<string, TimeSpan> Freshness { get; set; } = new Dictionary<string, TimeSpan>(StringComparer.OrdinalIgnoreCase)
        {
            [DashboardSections.Profile] = TimeSpan.FromSeconds(60),
            [DashboardSections.Courses] = TimeSpan.FromSeconds(10),
            [DashboardSections.Payments] = TimeSpan.FromSeconds(5),
            [DashboardSections.Videos] = TimeSpan.FromSeconds(60),
        };

        /// <summary>How long an expired answer is kept to be served stale when its downstream fails or is late. Default 10 min.</summary>
        public TimeSpan StaleFor { get; set; } = TimeSpan.FromMinutes(10);

        /// <summary>
        /// After a failed refresh, how long the stale answer is served before the downstream is asked again, so a dead
        /// downstream is not hit by every request. Default 1 s.
        /// </summary>
        public TimeSpan RetryFailedRefreshAfter { get; set; } = TimeSpan.FromSeconds(1);

        public TimeSpan FreshnessOf(string section) =>
            Freshness.TryGetValue(section, out var freshness) ? freshness : TimeSpan.FromSeconds(5);
    }

    public sealed class HedgingOptions
    {
        /// <summary>Default true.</summary>
        public bool Enabled { get; set; } = true;

        /// <summary>The hedged section: an idempotent GET with the worst tail. Default <c>videos</c>.</summary>
        public string Section { get; set; } = DashboardSections.Videos;

        /// <summary>How long the first call may take before a second one is sent; about the leg's p95. Default 50 ms.</summary>
        public TimeSpan Delay { get; set; } = TimeSpan.FromMilliseconds(50);

        /// <summary>Extra calls allowed, as a share of first calls. Default 0.1 (at most 10% more calls).</summary>
        public double Budget { get; set; } = 0.1;
    }
}

/// <summary>How the legs of one dashboard request are called.</summary>
public enum FanOut
{
    /// <summary>All at once: the answer takes as long as the slowest leg.</summary>
    Parallel,

    /// <summary>One after the other, each on what is left of the deadline: the answer takes the sum (the contrast run).</summary>
    Sequential,
}

/// <summary>What a section without fresh data does to the whole answer.</summary>
public enum FailurePolicy
{
    /// <summary>200 with every section that has data, each marked with its fate; 503 only when a required section is unavailable.</summary>
    PartialAnswer,

    /// <summary>The seed's <c>Promise.all</c>: one section that is not ok or stale fails the whole page (502).</summary>
    AllOrNothing,
}
