using EduPlatform.Load.Stats;

namespace EduPlatform.Load.Scheduling;

/// <summary>
/// The closed model's copies (k6's VUs): each loops iteration after iteration while its index is
/// below the target. Lowering the target lets surplus copies finish their current iteration.
/// Used only from the scenario driver's single flow, so the copy list needs no lock.
/// </summary>
internal sealed class CopyPool(IterationRunner runner, long deadlineTicks, CancellationToken cancellationToken)
{
    private readonly List<Task> _copies = [];
    private int _target;
    private long _tickets = long.MaxValue;

    public int Target => Volatile.Read(ref _target);

    public void SetTarget(int copies)
    {
        Volatile.Write(ref _target, copies);
        for (var index = 0; index < copies; index++)
        {
            if (index == _copies.Count)
            {
                _copies.Add(RunCopyAsync(index));
            }
            else if (_copies[index].IsCompleted)
            {
                _copies[index] = RunCopyAsync(index);
            }
        }
    }

    /// <summary>Limits the copies to a shared number of iterations (k6 shared-iterations).</summary>
    public void SetSharedIterations(long iterations) => Interlocked.Exchange(ref _tickets, iterations);

    public void RemoveIterationLimit() => Interlocked.Exchange(ref _tickets, long.MaxValue);

    public Task DrainAsync() => Task.WhenAll(_copies);

    private async Task RunCopyAsync(int index)
    {
        await Task.Yield();
        while (!cancellationToken.IsCancellationRequested
               && index < Target
               && MonotonicClock.Now() < deadlineTicks
               && Interlocked.Decrement(ref _tickets) >= 0)
        {
            var iteration = runner.RunClosedAsync(index);
            if (iteration.IsCompleted)
            {
                // A synchronous scenario would otherwise loop on this thread forever and starve
                // the pool (and with it the driver and the timers) on a small machine.
                await Task.Yield();
            }
            else
            {
                await iteration;
            }
        }
    }
}
