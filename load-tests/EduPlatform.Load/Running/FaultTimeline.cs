using EduPlatform.Load.Scheduling;
using EduPlatform.Load.Stats;

namespace EduPlatform.Load.Running;

/// <summary>
/// Executes a <see cref="FaultPlan"/> beside the measured run: waits on the monotonic clock until each fault is due (a
/// timer may fire early or late; the wait is repeated until the clock says the offset has passed), runs its action,
/// then marks it. Returns the problems (a fault not reached before the run ended, an action that threw) for the run's
/// engine error.
/// </summary>
internal static class FaultTimeline
{
    public static async Task<IReadOnlyList<string>> RunAsync(
        FaultPlan plan, long start, RunEventLog events, Task run, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        foreach (var fault in plan.Faults)
        {
            var due = start + MonotonicClock.FromSeconds(fault.Offset.TotalSeconds);
            while (!run.IsCompleted && MonotonicClock.Now() < due)
            {
                var remaining = TimeSpan.FromSeconds(MonotonicClock.ToSeconds(due - MonotonicClock.Now()));
                await Task.WhenAny(run, Task.Delay(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero, cancellationToken));
                cancellationToken.ThrowIfCancellationRequested();
            }

            if (MonotonicClock.Now() < due)
            {
                var endedAt = MonotonicClock.ToSeconds(MonotonicClock.Now() - start);
                problems.Add($"planned fault '{fault.Name}' at {fault.Offset.TotalSeconds:0.###} s was not reached: the run ended at {endedAt:0.###} s");
                continue;
            }

            try
            {
                if (fault.Act is not null)
                {
                    await fault.Act(cancellationToken);
                }

                events.Mark(fault.Name, scenario: null);
            }
#pragma warning disable CA1031 // A fault that could not be injected is the run's engine error, reported with the rest.
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
            {
                problems.Add($"planned fault '{fault.Name}' failed: {ex.GetType().Name}: {ex.Message}");
            }
        }

        return problems;
    }
}
