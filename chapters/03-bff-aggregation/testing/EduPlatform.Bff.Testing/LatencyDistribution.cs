namespace EduPlatform.Bff.Testing;

/// <summary>
/// How long a stub takes to answer, drawn per call: fixed, uniform between two bounds, or a body with a heavy tail (a
/// share of calls drawn from a much slower range). Immutable.
/// </summary>
public sealed record LatencyDistribution
{
    private LatencyDistribution(TimeSpan minimum, TimeSpan maximum, double tailShare, TimeSpan tailMinimum, TimeSpan tailMaximum)
    {
        Minimum = minimum;
        Maximum = maximum;
        TailShare = tailShare;
        TailMinimum = tailMinimum;
        TailMaximum = tailMaximum;
    }

    public static LatencyDistribution None { get; } = Fixed(TimeSpan.Zero);

    public TimeSpan Minimum { get; }

    public TimeSpan Maximum { get; }

    /// <summary>The share of calls (0 to 1) drawn from the tail instead.</summary>
    public double TailShare { get; }

    public TimeSpan TailMinimum { get; }

    public TimeSpan TailMaximum { get; }

    public static LatencyDistribution Fixed(TimeSpan latency) => Uniform(latency, latency);

    public static LatencyDistribution Uniform(TimeSpan minimum, TimeSpan maximum)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(minimum, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(maximum, minimum);
        return new LatencyDistribution(minimum, maximum, 0, TimeSpan.Zero, TimeSpan.Zero);
    }

    public static LatencyDistribution UniformMs(int minimum, int maximum) =>
        Uniform(TimeSpan.FromMilliseconds(minimum), TimeSpan.FromMilliseconds(maximum));

    /// <summary>The same body, with <paramref name="share"/> of the calls taking between the two tail bounds instead.</summary>
    public LatencyDistribution WithTail(double share, TimeSpan minimum, TimeSpan maximum)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(share, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(share, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maximum, minimum);
        return new LatencyDistribution(Minimum, Maximum, share, minimum, maximum);
    }

    public TimeSpan Next(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var tail = TailShare > 0 && random.NextDouble() < TailShare;
        var (low, high) = tail ? (TailMinimum, TailMaximum) : (Minimum, Maximum);
        return low == high ? low : low + (high - low) * random.NextDouble();
    }

    public override string ToString()
    {
        var body = Minimum == Maximum ? $"{Minimum.TotalMilliseconds:0} ms" : $"{Minimum.TotalMilliseconds:0}-{Maximum.TotalMilliseconds:0} ms";
        return TailShare > 0
            ? $"{body}, {TailShare:P0} at {TailMinimum.TotalMilliseconds:0}-{TailMaximum.TotalMilliseconds:0} ms"
            : body;
    }
}
