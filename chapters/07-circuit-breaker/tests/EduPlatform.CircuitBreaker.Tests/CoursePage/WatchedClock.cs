using System.Collections.Concurrent;
using EduPlatform.Harness.Waiting;
using Microsoft.Extensions.Time.Testing;

namespace EduPlatform.CircuitBreaker.Tests.CoursePage;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that also says which waits have been scheduled on it, so a test moves time only once
/// the wait it means to end exists. Advancing a fake clock before the service has started its timer would start the
/// timer later and the test would wait on nothing; every timer (a retry's delay, a timeout's cancellation) is created
/// through <see cref="CreateTimer"/>, and that is where this clock looks.
/// </summary>
public sealed class WatchedClock() : FakeTimeProvider(DateTimeOffset.UtcNow)
{
    private readonly ConcurrentQueue<TimeSpan> _scheduled = new();

    /// <summary>Every due time a timer was created or changed with, in order.</summary>
    public IReadOnlyCollection<TimeSpan> Scheduled => _scheduled;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        Record(dueTime);
        return new WatchedTimer(base.CreateTimer(callback, state, dueTime, period), this);
    }

    /// <summary>Waits until some timer has been scheduled to fire <paramref name="dueTime"/> from when it was set.</summary>
    public Task WaitUntilScheduledAsync(TimeSpan dueTime, string what) =>
        Eventually.HoldsAsync(() => _scheduled.Contains(dueTime), $"a {dueTime.TotalMilliseconds:0} ms wait was scheduled ({what})");

    private void Record(TimeSpan dueTime)
    {
        if (dueTime != Timeout.InfiniteTimeSpan)
        {
            _scheduled.Enqueue(dueTime);
        }
    }

    private sealed class WatchedTimer(ITimer timer, WatchedClock clock) : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            clock.Record(dueTime);
            return timer.Change(dueTime, period);
        }

        public void Dispose() => timer.Dispose();

        public ValueTask DisposeAsync() => timer.DisposeAsync();
    }
}
