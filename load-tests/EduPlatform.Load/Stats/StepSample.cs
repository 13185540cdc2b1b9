using HdrHistogram;

namespace EduPlatform.Load.Stats;

/// <summary>
/// Everything measured for one step (or a whole iteration) over some span of time: one second,
/// a threshold window, or the whole run. Samples add up, so windows and totals are exact merges
/// of per-second histograms, not averages of averages.
/// </summary>
internal sealed class StepSample
{
    public HistogramBase OkLatency { get; } = LatencyRecorder.CreateEmpty();

    public HistogramBase FailLatency { get; } = LatencyRecorder.CreateEmpty();

    public HistogramBase OkServiceTime { get; } = LatencyRecorder.CreateEmpty();

    public HistogramBase FailServiceTime { get; } = LatencyRecorder.CreateEmpty();

    public long OkBytes { get; set; }

    public long FailBytes { get; set; }

    public Dictionary<string, long> StatusCodes { get; } = new(StringComparer.Ordinal);

    public long OkCount => OkLatency.TotalCount;

    public long FailCount => FailLatency.TotalCount;

    public void Add(StepSample other)
    {
        OkLatency.Add(other.OkLatency);
        FailLatency.Add(other.FailLatency);
        OkServiceTime.Add(other.OkServiceTime);
        FailServiceTime.Add(other.FailServiceTime);
        OkBytes += other.OkBytes;
        FailBytes += other.FailBytes;
        foreach (var (code, count) in other.StatusCodes)
        {
            StatusCodes[code] = StatusCodes.GetValueOrDefault(code) + count;
        }
    }
}
