namespace EduPlatform.Bff.Testing;

/// <summary>What a downstream stub does with each call: after its latency, answer, or fail in one of the ways a real service fails.</summary>
public sealed record LegBehavior
{
    /// <summary>Answers at once. The default.</summary>
    public static LegBehavior Healthy { get; } = new();

    public LatencyDistribution Latency { get; init; } = LatencyDistribution.None;

    public LegFailure Failure { get; init; } = LegFailure.None;

    public static LegBehavior After(LatencyDistribution latency) => new() { Latency = latency };

    public static LegBehavior Failing(LegFailure failure) => new() { Failure = failure };

    public override string ToString() => Failure == LegFailure.None ? $"answers after {Latency}" : $"{Failure} after {Latency}";
}

/// <summary>How a stub fails a call.</summary>
public enum LegFailure
{
    None,

    /// <summary>503 with a problem body.</summary>
    ServerError,

    /// <summary>The connection is reset before any byte of the answer.</summary>
    ConnectionReset,

    /// <summary>200 with a body that is not the contract's JSON.</summary>
    MalformedBody,
}
