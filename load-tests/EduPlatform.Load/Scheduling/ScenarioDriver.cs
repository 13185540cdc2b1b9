using EduPlatform.Load.Stats;

namespace EduPlatform.Load.Scheduling;

/// <summary>
/// Plays a scenario's load simulations in order. Time-based phases follow a nominal clock (a
/// phase ends when it was planned to, not when the previous one happened to finish), so a
/// slow phase cannot stretch the schedule. Ramps start from where the previous phase left off.
/// </summary>
internal static class ScenarioDriver
{
    private static readonly TimeSpan RampStep = TimeSpan.FromMilliseconds(100);

    public static async Task RunAsync(
        ScenarioProps props, IterationRunner runner, long startTicks, long deadlineTicks, CancellationToken cancellationToken)
    {
        var copies = new CopyPool(runner, deadlineTicks, cancellationToken);
        double rate = 0;
        var copyCount = 0;
        var phaseStart = startTicks;
        foreach (var simulation in props.LoadSimulations)
        {
            if (cancellationToken.IsCancellationRequested || MonotonicClock.Now() >= deadlineTicks)
            {
                break;
            }

            switch (simulation)
            {
                case InjectSimulation s:
                    copies.SetTarget(copyCount = 0);
                    rate = LoadProfile.PerSecond(s.Rate, s.Interval);
                    await OpenModelScheduler.RunAsync(
                        runner, ArrivalSchedule.Constant(rate, s.During.TotalSeconds), phaseStart, deadlineTicks, s.MaxInFlight, cancellationToken);
                    phaseStart += MonotonicClock.FromSeconds(s.During.TotalSeconds);
                    break;

                case RampingInjectSimulation s:
                    copies.SetTarget(copyCount = 0);
                    var to = LoadProfile.PerSecond(s.Rate, s.Interval);
                    await OpenModelScheduler.RunAsync(
                        runner, ArrivalSchedule.Ramp(rate, to, s.During.TotalSeconds), phaseStart, deadlineTicks, s.MaxInFlight, cancellationToken);
                    rate = to;
                    phaseStart += MonotonicClock.FromSeconds(s.During.TotalSeconds);
                    break;

                case IterationsForInjectSimulation s:
                    copies.SetTarget(copyCount = 0);
                    rate = LoadProfile.PerSecond(s.Rate, s.Interval);
                    await OpenModelScheduler.RunAsync(
                        runner, ArrivalSchedule.Count(rate, s.Iterations), phaseStart, deadlineTicks, s.MaxInFlight, cancellationToken);
                    phaseStart += MonotonicClock.FromSeconds(s.Iterations / rate);
                    break;

                case KeepConstantSimulation s:
                    rate = 0;
                    copies.SetTarget(copyCount = s.Copies);
                    phaseStart += MonotonicClock.FromSeconds(s.During.TotalSeconds);
                    await DelayUntil(Math.Min(phaseStart, deadlineTicks), cancellationToken);
                    break;

                case RampingConstantSimulation s:
                    rate = 0;
                    var end = phaseStart + MonotonicClock.FromSeconds(s.During.TotalSeconds);
                    for (var now = MonotonicClock.Now(); now < Math.Min(end, deadlineTicks) && !cancellationToken.IsCancellationRequested; now = MonotonicClock.Now())
                    {
                        var fraction = (double)(now - phaseStart) / (end - phaseStart);
                        copies.SetTarget((int)Math.Round(copyCount + ((s.Copies - copyCount) * fraction)));
                        await Delay(RampStep, cancellationToken);
                    }

                    copies.SetTarget(copyCount = s.Copies);
                    phaseStart = end;
                    break;

                case IterationsForConstantSimulation s:
                    rate = 0;
                    copies.SetTarget(0);
                    await copies.DrainAsync();
                    copies.SetSharedIterations(s.Iterations);
                    copies.SetTarget(s.Copies);
                    await copies.DrainAsync();
                    copies.RemoveIterationLimit();
                    copies.SetTarget(copyCount = 0);
                    phaseStart = MonotonicClock.Now();
                    break;

                case PauseSimulation s:
                    rate = 0;
                    copies.SetTarget(copyCount = 0);
                    phaseStart += MonotonicClock.FromSeconds(s.During.TotalSeconds);
                    await DelayUntil(Math.Min(phaseStart, deadlineTicks), cancellationToken);
                    break;

                default:
                    throw new NotSupportedException($"unknown load simulation {simulation.GetType().Name}");
            }
        }

        copies.SetTarget(0);
        await copies.DrainAsync();

        // Open-model iterations still in flight finish (they see the token if the run was aborted).
        while (runner.Recorder.InFlight > 0)
        {
            await Task.Delay(5, CancellationToken.None);
        }
    }

    private static async Task DelayUntil(long ticks, CancellationToken cancellationToken)
    {
        var remaining = MonotonicClock.ToSeconds(ticks - MonotonicClock.Now());
        if (remaining > 0)
        {
            await Delay(TimeSpan.FromSeconds(remaining), cancellationToken);
        }
    }

    private static async Task Delay(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Aborted: the driver's loop sees the token and winds down.
        }
    }
}
