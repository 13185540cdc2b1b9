using System.Collections.Concurrent;
using EduPlatform.Load.Stats;

namespace EduPlatform.Load.Scheduling;

/// <summary>
/// The live, thread-safe side of one scenario's measurement: iterations and steps record here
/// from any thread; the ticker drains it into a <see cref="ScenarioSample"/> each second.
/// Warm-up gets its own recorder, which is simply thrown away.
/// </summary>
internal sealed class ScenarioRecorder(string scenarioName)
{
    private readonly ConcurrentDictionary<string, StepRecorder> _steps = new(StringComparer.Ordinal);
    private readonly LatencyRecorder _schedulingLag = new();
    private long _intended;
    private long _started;
    private long _dropped;
    private long _late;
    private long _completed;
    private long _invocations;
    private int _inFlight;
    private int _peakInFlightSinceTick;
    private readonly long[] _atLastTick = new long[5];

    public StepRecorder Iterations { get; } = new(scenarioName);

    public int InFlight => Volatile.Read(ref _inFlight);

    public StepRecorder Step(string name) => _steps.GetOrAdd(name, static n => new StepRecorder(n));

    public long NextInvocation() => Interlocked.Increment(ref _invocations) - 1;

    public void CountIntended() => Interlocked.Increment(ref _intended);

    public void CountDropped() => Interlocked.Increment(ref _dropped);

    public void EnterFlight()
    {
        var now = Interlocked.Increment(ref _inFlight);
        int peak;
        while (now > (peak = Volatile.Read(ref _peakInFlightSinceTick))
               && Interlocked.CompareExchange(ref _peakInFlightSinceTick, now, peak) != peak)
        {
        }
    }

    public void LeaveFlight() => Interlocked.Decrement(ref _inFlight);

    /// <summary>An open-model start: its lag behind the intended time is recorded, and whether it was late.</summary>
    public void CountStarted(long lagMicros, bool late)
    {
        Interlocked.Increment(ref _started);
        _schedulingLag.Record(lagMicros);
        if (late)
        {
            Interlocked.Increment(ref _late);
        }
    }

    /// <summary>A closed-model start: there is no intended time, so no lag.</summary>
    public void CountStarted() => Interlocked.Increment(ref _started);

    public void CountCompleted() => Interlocked.Increment(ref _completed);

    /// <summary>Drains what arrived since the previous call. Ticker thread only.</summary>
    public ScenarioSample TakeInterval()
    {
        var sample = new ScenarioSample();
        sample.Iterations.Add(Iterations.TakeInterval());
        foreach (var (name, step) in _steps)
        {
            sample.Steps[name] = step.TakeInterval();
        }

        sample.SchedulingLag.Add(_schedulingLag.TakeInterval());
        sample.Intended = Delta(0, ref _intended);
        sample.Started = Delta(1, ref _started);
        sample.Dropped = Delta(2, ref _dropped);
        sample.Late = Delta(3, ref _late);
        sample.Completed = Delta(4, ref _completed);
        sample.PeakInFlight = Math.Max(Interlocked.Exchange(ref _peakInFlightSinceTick, InFlight), InFlight);
        return sample;
    }

    private long Delta(int slot, ref long counter)
    {
        var now = Interlocked.Read(ref counter);
        var delta = now - _atLastTick[slot];
        _atLastTick[slot] = now;
        return delta;
    }
}
