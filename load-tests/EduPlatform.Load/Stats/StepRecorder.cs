using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using HdrHistogram;
using HdrHistogram.Utilities;

namespace EduPlatform.Load.Stats;

/// <summary>
/// Records one step's (or one scenario's iterations') outcomes from many threads: ok and fail
/// apart, latency (from the intended start) and service time (from the actual start) apart,
/// bytes and status codes. Everything a second holds sits in one buffer that the ticker swaps
/// out under HdrHistogram's writer/reader phaser, so a burst of completions at a tick lands in
/// one interval for its latency, its bytes and its status code alike; writers never block.
/// </summary>
internal sealed class StepRecorder(string name)
{
    private readonly WriterReaderPhaser _phaser = new();
    private IntervalBuffer _active = new();
    private IntervalBuffer _spare = new();

    public string Name { get; } = name;

    public void Record(bool ok, string statusCode, long sizeBytes, long latencyMicros, long serviceMicros)
    {
        var phase = _phaser.WriterCriticalSectionEnter();
        try
        {
            Volatile.Read(ref _active).Record(ok, statusCode, sizeBytes, latencyMicros, serviceMicros);
        }
        finally
        {
            _phaser.WriterCriticalSectionExit(phase);
        }
    }

    /// <summary>What was recorded since the previous call. Called by the ticker thread only.</summary>
    public StepSample TakeInterval()
    {
        IntervalBuffer sampled;
        _phaser.ReaderLock();
        try
        {
            sampled = _active;
            Volatile.Write(ref _active, _spare);
            // Waits until every writer that could still see the old buffer has left it.
            _phaser.FlipPhase();
        }
        finally
        {
            _phaser.ReaderUnlock();
        }

        var sample = sampled.ToSample();
        sampled.Reset();
        _spare = sampled;
        return sample;
    }

    private sealed class IntervalBuffer
    {
        private readonly HistogramBase _okLatency = Concurrent();
        private readonly HistogramBase _failLatency = Concurrent();
        private readonly HistogramBase _okService = Concurrent();
        private readonly HistogramBase _failService = Concurrent();
        private readonly ConcurrentDictionary<string, StrongBox<long>> _statusCodes = new(StringComparer.Ordinal);
        private long _okBytes;
        private long _failBytes;

        public void Record(bool ok, string statusCode, long sizeBytes, long latencyMicros, long serviceMicros)
        {
            var latency = Math.Clamp(latencyMicros, 0, LatencyRecorder.HighestMicros);
            var service = Math.Clamp(serviceMicros, 0, LatencyRecorder.HighestMicros);
            if (ok)
            {
                _okLatency.RecordValue(latency);
                _okService.RecordValue(service);
                Interlocked.Add(ref _okBytes, sizeBytes);
            }
            else
            {
                _failLatency.RecordValue(latency);
                _failService.RecordValue(service);
                Interlocked.Add(ref _failBytes, sizeBytes);
            }

            var counter = _statusCodes.GetOrAdd(statusCode, static _ => new StrongBox<long>());
            Interlocked.Increment(ref counter.Value);
        }

        public StepSample ToSample()
        {
            var sample = new StepSample { OkBytes = _okBytes, FailBytes = _failBytes };
            sample.OkLatency.Add(_okLatency);
            sample.FailLatency.Add(_failLatency);
            sample.OkServiceTime.Add(_okService);
            sample.FailServiceTime.Add(_failService);
            foreach (var (code, count) in _statusCodes)
            {
                if (count.Value > 0)
                {
                    sample.StatusCodes[code] = count.Value;
                }
            }

            return sample;
        }

        public void Reset()
        {
            _okLatency.Reset();
            _failLatency.Reset();
            _okService.Reset();
            _failService.Reset();
            _okBytes = 0;
            _failBytes = 0;
            foreach (var counter in _statusCodes.Values)
            {
                counter.Value = 0;
            }
        }

        private static LongConcurrentHistogram Concurrent() =>
            new(1, LatencyRecorder.HighestMicros, LatencyRecorder.SignificantDigits);
    }
}
