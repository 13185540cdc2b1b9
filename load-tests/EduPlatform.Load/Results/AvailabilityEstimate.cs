using EduPlatform.Load.Stats;

namespace EduPlatform.Load;

/// <summary>Observed availability and the 95% lower confidence bound the sample size actually supports.</summary>
public sealed record AvailabilityEstimate
{
    public long Trials { get; init; }

    public long Failures { get; init; }

    public double Observed { get; init; }

    public double LowerBound95 { get; init; }

    public string Method { get; init; } = ClopperPearson.MethodName;

    internal static AvailabilityEstimate From(long trials, long failures) => new()
    {
        Trials = trials,
        Failures = failures,
        Observed = trials == 0 ? 0 : 1 - ((double)failures / trials),
        LowerBound95 = ClopperPearson.AvailabilityLowerBound(failures, trials),
    };
}
