namespace EduPlatform.Load;

/// <summary>The ok (or the failed) outcomes of a step: how many, how fast, how many bytes.</summary>
public sealed record MeasureStats
{
    public long Count { get; init; }

    /// <summary>Completions per second over the measured duration.</summary>
    public double Rps { get; init; }

    public long Bytes { get; init; }

    /// <summary>From the intended start to completion: what a user of the system would wait.</summary>
    public LatencyStats Latency { get; init; } = LatencyStats.Empty;

    /// <summary>From the actual start to completion: what the system spent once it was asked.</summary>
    public LatencyStats ServiceTime { get; init; } = LatencyStats.Empty;
}
