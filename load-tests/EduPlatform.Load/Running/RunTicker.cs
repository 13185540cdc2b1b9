using EduPlatform.Load.Stats;

namespace EduPlatform.Load.Running;

/// <summary>
/// Drains every scenario once a second on its own thread (a starved thread pool must not bend
/// the intervals), samples the generator's CPU, feeds live progress, and asks for an abort when
/// an abortOnFail threshold fails. The final, partial interval is drained when it stops.
/// </summary>
internal sealed class RunTicker
{
    private readonly IReadOnlyList<ScenarioTimeline> _timelines;
    private readonly GeneratorMonitor _monitor;
    private readonly Action<string> _abort;
    private readonly Action<RunProgress>? _progress;
    private readonly long _startTicks;
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _stopRequested;
    private long _stopAtTicks;

    public RunTicker(
        IReadOnlyList<ScenarioTimeline> timelines, GeneratorMonitor monitor, long startTicks,
        Action<string> abort, Action<RunProgress>? progress)
    {
        _timelines = timelines;
        _monitor = monitor;
        _startTicks = startTicks;
        _abort = abort;
        _progress = progress;
    }

    public void Start()
    {
        var thread = new Thread(Loop) { IsBackground = true, Name = "load-ticker", Priority = ThreadPriority.AboveNormal };
        thread.Start();
    }

    /// <summary>Stops at <paramref name="endTicks"/>, draining the last partial second.</summary>
    public Task StopAsync(long endTicks)
    {
        Volatile.Write(ref _stopAtTicks, endTicks);
        _stopRequested = true;
        return _stopped.Task;
    }

    private void Loop()
    {
        try
        {
            var second = 1;
            var lastTick = 0.0;
            while (true)
            {
                var due = _startTicks + MonotonicClock.FromSeconds(second);
                while (!_stopRequested && MonotonicClock.Now() < due)
                {
                    Thread.Sleep(Math.Clamp((int)(MonotonicClock.ToSeconds(due - MonotonicClock.Now()) * 1000), 1, 50));
                }

                if (_stopRequested && Volatile.Read(ref _stopAtTicks) < due)
                {
                    break;
                }

                TickAll(second);
                lastTick = second;
                second++;
            }

            var end = MonotonicClock.ToSeconds(Volatile.Read(ref _stopAtTicks) - _startTicks);
            if (end > lastTick + 0.001 || lastTick == 0)
            {
                TickAll(Math.Max(end, 0.001));
            }

            _stopped.SetResult();
        }
#pragma warning disable CA1031 // Surfaced to the runner as an engine error.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _stopped.SetException(ex);
        }
    }

    private void TickAll(double atSeconds)
    {
        _monitor.Sample();
        foreach (var timeline in _timelines)
        {
            if (timeline.Tick(atSeconds) is { } reason)
            {
                _abort(reason);
            }
        }

        _progress?.Invoke(new RunProgress(
            atSeconds,
            _monitor.LastProcessCpuPercent,
            _timelines.Select(t => new ScenarioProgress(
                t.Name,
                t.Profile.NominalSeconds,
                t.LastInterval ?? new IntervalStats(),
                t.Total.Iterations.OkCount,
                t.Total.Iterations.FailCount,
                t.Total.Dropped)).ToArray()));
    }
}
