using System.Globalization;

namespace EduPlatform.CoursePage.Resilience;

/// <summary>
/// Every resilience mechanism in front of one dependency, bound from <c>Resilience:&lt;Dependency&gt;</c>
/// (<c>Resilience:Video</c>, <c>Resilience:Payments</c>). Each mechanism can be switched off for contrast runs.
/// The defaults below are the demo's, tuned for a service taking tens of requests a second; where they differ from
/// Polly's library defaults the README says why.
/// </summary>
public sealed class DependencyResilienceOptions
{
    /// <summary>The configuration section every dependency's resilience settings are bound under.</summary>
    public const string Section = "Resilience";

    /// <summary>The section of one dependency's settings: <c>Resilience:Video</c>.</summary>
    public static string SectionFor(string dependency) => $"{Section}:{dependency}";

    public TimeoutSettings Timeouts { get; set; } = new();

    public RetrySettings Retry { get; set; } = new();

    public CircuitBreakerSettings CircuitBreaker { get; set; } = new();

    public BulkheadSettings Bulkhead { get; set; } = new();

    /// <summary>Returns one line per setting out of range, each naming its configuration key.</summary>
    public IReadOnlyList<string> Validate(string section)
    {
        var errors = new List<string>();
        void Check(bool ok, string key, object value, string rule)
        {
            if (!ok)
            {
                errors.Add(string.Create(CultureInfo.InvariantCulture, $"{section}:{key} = {value}: {rule}"));
            }
        }

        Check(Timeouts.Attempt > TimeSpan.Zero, "Timeouts:Attempt", Timeouts.Attempt, "must be positive");
        Check(Timeouts.Total >= Timeouts.Attempt, "Timeouts:Total", Timeouts.Total, "must be at least Timeouts:Attempt");
        Check(Retry.MaxRetryAttempts is >= 1 and <= 10, "Retry:MaxRetryAttempts", Retry.MaxRetryAttempts, "must be 1 to 10");
        Check(Retry.BaseDelay >= TimeSpan.Zero, "Retry:BaseDelay", Retry.BaseDelay, "must not be negative");
        Check(Retry.MaxDelay >= Retry.BaseDelay, "Retry:MaxDelay", Retry.MaxDelay, "must be at least Retry:BaseDelay");
        Check(Retry.MaxRetryAfter >= TimeSpan.Zero, "Retry:MaxRetryAfter", Retry.MaxRetryAfter, "must not be negative");
        Check(CircuitBreaker.FailureRatio is > 0 and <= 1, "CircuitBreaker:FailureRatio", CircuitBreaker.FailureRatio, "must be above 0 and at most 1");
        Check(CircuitBreaker.MinimumThroughput >= 2, "CircuitBreaker:MinimumThroughput", CircuitBreaker.MinimumThroughput, "must be at least 2");
        Check(CircuitBreaker.SamplingDuration >= TimeSpan.FromMilliseconds(500), "CircuitBreaker:SamplingDuration", CircuitBreaker.SamplingDuration, "must be at least 0.5 s");
        Check(CircuitBreaker.BreakDuration >= TimeSpan.FromMilliseconds(500), "CircuitBreaker:BreakDuration", CircuitBreaker.BreakDuration, "must be at least 0.5 s");
        Check(Bulkhead.PermitLimit >= 1, "Bulkhead:PermitLimit", Bulkhead.PermitLimit, "must be at least 1");
        Check(Bulkhead.QueueLimit >= 0, "Bulkhead:QueueLimit", Bulkhead.QueueLimit, "must not be negative");
        return errors;
    }

    /// <summary>
    /// Per-attempt and total timeouts. A slow dependency costs its callers at most <see cref="Total"/>, retries
    /// included, instead of however long it takes.
    /// </summary>
    public sealed class TimeoutSettings
    {
        /// <summary>Default: <c>true</c>. False removes both timeouts (HttpClient's own 100 s remains).</summary>
        public bool Enabled { get; set; } = true;

        /// <summary>Longest one attempt may take; sits inside the breaker, so a hung call counts as a failure. Default: 1 s.</summary>
        public TimeSpan Attempt { get; set; } = TimeSpan.FromSeconds(1);

        /// <summary>Longest the whole call may take, every retry and backoff included. Default: 3 s.</summary>
        public TimeSpan Total { get; set; } = TimeSpan.FromSeconds(3);
    }

    /// <summary>Retries of transient failures (connection errors, timeouts, 408, 429, 5xx) of idempotent requests only.</summary>
    public sealed class RetrySettings
    {
        /// <summary>Default: <see cref="RetryMode.BackoffWithJitter"/>.</summary>
        public RetryMode Mode { get; set; } = RetryMode.BackoffWithJitter;

        /// <summary>Retries after the first attempt. Default: 3.</summary>
        public int MaxRetryAttempts { get; set; } = 3;

        /// <summary>Median delay before the first retry; it roughly doubles each retry. Default: 100 ms.</summary>
        public TimeSpan BaseDelay { get; set; } = TimeSpan.FromMilliseconds(100);

        /// <summary>Cap on one backoff delay. Default: 1 s.</summary>
        public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(1);

        /// <summary>Wait as long as the dependency's <c>Retry-After</c> asks. Default: <c>true</c>.</summary>
        public bool HonourRetryAfter { get; set; } = true;

        /// <summary>
        /// A <c>Retry-After</c> longer than this is not waited out: the call fails at once and the delay is passed on to
        /// our own caller, instead of holding a request open for it. Default: 2 s.
        /// </summary>
        public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(2);
    }

    /// <summary>The breaker: opens on a failure ratio over a rolling window, then probes with one call.</summary>
    public sealed class CircuitBreakerSettings
    {
        /// <summary>Default: <c>true</c>.</summary>
        public bool Enabled { get; set; } = true;

        /// <summary>
        /// Whose breaker sits in the pipeline, with the same thresholds either way. Default:
        /// <see cref="CircuitBreakerImplementation.Polly"/>.
        /// </summary>
        public CircuitBreakerImplementation Implementation { get; set; } = CircuitBreakerImplementation.Polly;

        /// <summary>Share of failed attempts that opens the circuit. Default: 0.5 (Polly: 0.1).</summary>
        public double FailureRatio { get; set; } = 0.5;

        /// <summary>Attempts in the window before the ratio is trusted. Default: 20 (Polly: 100).</summary>
        public int MinimumThroughput { get; set; } = 20;

        /// <summary>How far back attempts count. Default: 10 s (Polly: 30 s).</summary>
        public TimeSpan SamplingDuration { get; set; } = TimeSpan.FromSeconds(10);

        /// <summary>How long the circuit stays open before one probe. Default: 5 s (as Polly).</summary>
        public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(5);
    }

    /// <summary>
    /// The bulkhead: at most <see cref="PermitLimit"/> calls to this dependency at once; beyond that (and a queue of
    /// <see cref="QueueLimit"/>) calls are rejected at once with 503 instead of piling up.
    /// </summary>
    public sealed class BulkheadSettings
    {
        /// <summary>Default: <c>true</c>.</summary>
        public bool Enabled { get; set; } = true;

        /// <summary>Concurrent calls allowed. Default: 8.</summary>
        public int PermitLimit { get; set; } = 8;

        /// <summary>Calls allowed to wait for a permit. Default: 0 (reject at once: waiting is what a bulkhead prevents).</summary>
        public int QueueLimit { get; set; }
    }
}
