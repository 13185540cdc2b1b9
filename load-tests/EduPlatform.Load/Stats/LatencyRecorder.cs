using HdrHistogram;

namespace EduPlatform.Load.Stats;

/// <summary>
/// A lock-free latency recorder in microseconds. Writers record from any thread; the interval
/// ticker swaps out a stable histogram each second (HdrHistogram's Recorder), so memory stays
/// flat however long the run: there is never a list of individual requests.
/// </summary>
internal sealed class LatencyRecorder
{
    /// <summary>One hour: anything slower is clamped (and is a failure by any sensible threshold).</summary>
    public const long HighestMicros = 3_600_000_000;

    /// <summary>Three significant digits: values are exact to 0.1%.</summary>
    public const int SignificantDigits = 3;

    private readonly Recorder _recorder = new(1, HighestMicros, SignificantDigits,
        (id, lowest, highest, digits) => new LongConcurrentHistogram(id, lowest, highest, digits));

    public static HistogramBase CreateEmpty() => new LongHistogram(1, HighestMicros, SignificantDigits);

    public void Record(long micros) => _recorder.RecordValue(Math.Clamp(micros, 0, HighestMicros));

    /// <summary>Everything recorded since the last call. Only the ticker thread calls this.</summary>
    public HistogramBase TakeInterval() => _recorder.GetIntervalHistogram();
}
