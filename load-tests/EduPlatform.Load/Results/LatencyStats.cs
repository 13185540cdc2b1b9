using EduPlatform.Load.Stats;
using HdrHistogram;

namespace EduPlatform.Load;

/// <summary>
/// A latency distribution in milliseconds. <see cref="UnreliablePercentiles"/> names each
/// percentile that had too few samples to mean anything (see <see cref="PercentileSampleRule"/>).
/// </summary>
public sealed record LatencyStats
{
    public static readonly LatencyStats Empty = new();

    public long Count { get; init; }

    public double MeanMs { get; init; }

    public double StdDevMs { get; init; }

    public double MinMs { get; init; }

    public double P50Ms { get; init; }

    public double P75Ms { get; init; }

    public double P95Ms { get; init; }

    public double P99Ms { get; init; }

    public double P999Ms { get; init; }

    public double MaxMs { get; init; }

    public IReadOnlyList<string> UnreliablePercentiles { get; init; } = [];

    public bool IsReliable(string percentileLabel) => !UnreliablePercentiles.Contains(percentileLabel);

    internal static readonly (string Label, double Percentile)[] ReportedPercentiles =
        [("p50", 50), ("p75", 75), ("p95", 95), ("p99", 99), ("p99.9", 99.9)];

    internal static LatencyStats From(HistogramBase histogram)
    {
        var count = histogram.TotalCount;
        if (count == 0)
        {
            return Empty with { UnreliablePercentiles = ReportedPercentiles.Select(p => p.Label).ToArray() };
        }

        return new LatencyStats
        {
            Count = count,
            MeanMs = histogram.GetMean() / 1000.0,
            StdDevMs = histogram.GetStdDeviation() / 1000.0,
            MinMs = histogram.GetValueAtPercentile(0) / 1000.0,
            P50Ms = ValueAt(histogram, 50),
            P75Ms = ValueAt(histogram, 75),
            P95Ms = ValueAt(histogram, 95),
            P99Ms = ValueAt(histogram, 99),
            P999Ms = ValueAt(histogram, 99.9),
            MaxMs = histogram.GetMaxValue() / 1000.0,
            UnreliablePercentiles = ReportedPercentiles
                .Where(p => !PercentileSampleRule.IsReliable(p.Percentile, count))
                .Select(p => p.Label)
                .ToArray(),
        };
    }

    internal static double ValueAt(HistogramBase histogram, double percentile) =>
        histogram.TotalCount == 0 ? 0 : histogram.GetValueAtPercentile(percentile) / 1000.0;
}
