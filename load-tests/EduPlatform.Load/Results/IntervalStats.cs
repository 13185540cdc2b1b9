namespace EduPlatform.Load;

/// <summary>One second of a scenario (by completion time), for charts and windowed thresholds.</summary>
public sealed record IntervalStats
{
    /// <summary>Seconds since the measured run started, at the end of this interval.</summary>
    public double AtSeconds { get; init; }

    public long Intended { get; init; }

    public long Started { get; init; }

    public long Dropped { get; init; }

    public long Late { get; init; }

    public long Ok { get; init; }

    public long Fail { get; init; }

    public long Bytes { get; init; }

    public double P50Ms { get; init; }

    public double P95Ms { get; init; }

    public double P99Ms { get; init; }

    public double MaxMs { get; init; }

    public double SchedulingLagP99Ms { get; init; }

    public int InFlight { get; init; }

    public IReadOnlyDictionary<string, long> StatusCodes { get; init; } = new Dictionary<string, long>();
}
