using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace EduPlatform.Load.Stats;

/// <summary>
/// Records one step's (or one scenario's iterations') outcomes from many threads: ok and fail
/// apart, latency (from the intended start) and service time (from the actual start) apart.
/// The ticker turns what arrived in each second into a <see cref="StepSample"/>.
/// </summary>
internal sealed class StepRecorder(string name)
{
    private readonly LatencyRecorder _okLatency = new();
    private readonly LatencyRecorder _failLatency = new();
    private readonly LatencyRecorder _okService = new();
    private readonly LatencyRecorder _failService = new();
    private readonly ConcurrentDictionary<string, StrongBox<long>> _statusCodes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _statusCodesAtLastTick = new(StringComparer.Ordinal);
    private long _okBytes;
    private long _failBytes;
    private long _okBytesAtLastTick;
    private long _failBytesAtLastTick;

    public string Name { get; } = name;

    public void Record(bool ok, string statusCode, long sizeBytes, long latencyMicros, long serviceMicros)
    {
        if (ok)
        {
            _okLatency.Record(latencyMicros);
            _okService.Record(serviceMicros);
            Interlocked.Add(ref _okBytes, sizeBytes);
        }
        else
        {
            _failLatency.Record(latencyMicros);
            _failService.Record(serviceMicros);
            Interlocked.Add(ref _failBytes, sizeBytes);
        }

        var counter = _statusCodes.GetOrAdd(statusCode, static _ => new StrongBox<long>());
        Interlocked.Increment(ref counter.Value);
    }

    /// <summary>What was recorded since the previous call. Called by the ticker thread only.</summary>
    public StepSample TakeInterval()
    {
        var sample = new StepSample();
        sample.OkLatency.Add(_okLatency.TakeInterval());
        sample.FailLatency.Add(_failLatency.TakeInterval());
        sample.OkServiceTime.Add(_okService.TakeInterval());
        sample.FailServiceTime.Add(_failService.TakeInterval());

        var okBytes = Interlocked.Read(ref _okBytes);
        var failBytes = Interlocked.Read(ref _failBytes);
        sample.OkBytes = okBytes - _okBytesAtLastTick;
        sample.FailBytes = failBytes - _failBytesAtLastTick;
        _okBytesAtLastTick = okBytes;
        _failBytesAtLastTick = failBytes;

        foreach (var (code, box) in _statusCodes)
        {
            var now = Interlocked.Read(ref box.Value);
            var delta = now - _statusCodesAtLastTick.GetValueOrDefault(code);
            if (delta > 0)
            {
                sample.StatusCodes[code] = delta;
            }

            _statusCodesAtLastTick[code] = now;
        }

        return sample;
    }
}
