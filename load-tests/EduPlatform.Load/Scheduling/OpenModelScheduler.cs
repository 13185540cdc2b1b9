using EduPlatform.Load.Stats;

namespace EduPlatform.Load.Scheduling;

/// <summary>
/// Issues open-model arrivals at their intended times from a dedicated thread, so a starved
/// thread pool (or a slow system) cannot slow the schedule down; it can only make iterations
/// start late, which is measured. The thread sleeps rather than spins (a 2-core box needs its
/// cores for the system under test): whole milliseconds first, then a precise sub-millisecond
/// sleep where the OS offers one (see <see cref="PreciseSleep"/>).
/// </summary>
internal static class OpenModelScheduler
{
    public static Task RunAsync(
        IterationRunner runner, IEnumerable<double> offsetsSeconds, long phaseStartTicks, long deadlineTicks,
        int maxInFlight, CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                Issue(runner, offsetsSeconds, phaseStartTicks, deadlineTicks, maxInFlight, cancellationToken);
                done.SetResult();
            }
#pragma warning disable CA1031 // Handed to the awaiting driver, which reports it as an engine error.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                done.SetException(ex);
            }
        })
        {
            IsBackground = true,
            Name = "load-open-model-scheduler",
            Priority = ThreadPriority.AboveNormal,
        };
        thread.Start();
        return done.Task;
    }

    private static void Issue(
        IterationRunner runner, IEnumerable<double> offsetsSeconds, long phaseStartTicks, long deadlineTicks,
        int maxInFlight, CancellationToken cancellationToken)
    {
        var recorder = runner.Recorder;
        foreach (var offset in offsetsSeconds)
        {
            var intended = phaseStartTicks + MonotonicClock.FromSeconds(offset);
            if (intended >= deadlineTicks || cancellationToken.IsCancellationRequested)
            {
                return;
            }

            SleepUntil(intended, cancellationToken);
            if (cancellationToken.IsCancellationRequested)
            {
                return;
            }

            recorder.CountIntended();
            if (recorder.InFlight >= maxInFlight)
            {
                // k6 calls these dropped_iterations: no free slot, so the arrival never happens.
                recorder.CountDropped();
                continue;
            }

            recorder.EnterFlight();
            ThreadPool.UnsafeQueueUserWorkItem(new OpenIteration(runner, intended), preferLocal: false);
        }
    }

    private static void SleepUntil(long ticks, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var remainingMs = MonotonicClock.ToSeconds(ticks - MonotonicClock.Now()) * 1000;
            if (remainingMs <= 0)
            {
                return;
            }

            if (remainingMs >= 2)
            {
                // Coarse sleep (checking the token now and then), then a precise one for the rest.
                Thread.Sleep((int)Math.Min(remainingMs - 1, 50));
            }
            else
            {
                PreciseSleep.For(TimeSpan.FromMilliseconds(remainingMs));
            }
        }
    }

    private sealed class OpenIteration(IterationRunner runner, long intendedTicks) : IThreadPoolWorkItem
    {
        public void Execute() => _ = runner.RunOpenAsync(intendedTicks);
    }
}
