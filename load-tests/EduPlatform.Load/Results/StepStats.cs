using EduPlatform.Load.Stats;

namespace EduPlatform.Load;

/// <summary>One step's statistics (or a scenario's whole iterations), ok and fail apart.</summary>
public sealed record StepStats
{
    public string Name { get; init; } = "";

    public MeasureStats Ok { get; init; } = new();

    public MeasureStats Fail { get; init; } = new();

    public IReadOnlyDictionary<string, long> StatusCodes { get; init; } = new Dictionary<string, long>();

    public long AllCount => Ok.Count + Fail.Count;

    public double FailRate => AllCount == 0 ? 0 : (double)Fail.Count / AllCount;

    internal static StepStats From(string name, StepSample sample, double durationSeconds) => new()
    {
        Name = name,
        Ok = Measure(sample.OkCount, sample.OkBytes, sample.OkLatency, sample.OkServiceTime, durationSeconds),
        Fail = Measure(sample.FailCount, sample.FailBytes, sample.FailLatency, sample.FailServiceTime, durationSeconds),
        StatusCodes = new SortedDictionary<string, long>(sample.StatusCodes, StringComparer.Ordinal),
    };

    private static MeasureStats Measure(
        long count, long bytes, HdrHistogram.HistogramBase latency, HdrHistogram.HistogramBase service, double durationSeconds) => new()
    {
        Count = count,
        Rps = durationSeconds > 0 ? count / durationSeconds : 0,
        Bytes = bytes,
        Latency = LatencyStats.From(latency),
        ServiceTime = LatencyStats.From(service),
    };
}
