using EduPlatform.Load.Stats;

namespace EduPlatform.Load.Scheduling;

/// <summary>Named events on the run's timeline, in seconds from the start of measurement (negative during warm-up).</summary>
internal sealed class RunEventLog
{
    private readonly Lock _lock = new();
    private readonly List<FaultEvent> _events = [];
    private long _originTicks = MonotonicClock.Now();

    public void SetOrigin(long ticks) => Volatile.Write(ref _originTicks, ticks);

    public void Mark(string name, string? scenario)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var at = MonotonicClock.ToSeconds(MonotonicClock.Now() - Volatile.Read(ref _originTicks));
        lock (_lock)
        {
            _events.Add(new FaultEvent(Math.Round(at, 3), name, scenario));
        }
    }

    public IReadOnlyList<FaultEvent> Snapshot()
    {
        lock (_lock)
        {
            return _events.OrderBy(e => e.AtSeconds).ToArray();
        }
    }
}
