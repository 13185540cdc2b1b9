namespace EduPlatform.Cqrs.Queries;

/// <summary>
/// "Some projection committed": pulsed by <see cref="ProjectionNotificationListener"/> for every NOTIFY (PostgreSQL)
/// and PUBLISH (Redis) a projector sends with its commit. Waiters take <see cref="Next"/> before they look at a
/// position, so a commit between the look and the wait still wakes them.
/// </summary>
public sealed class ProjectionSignal
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Next => Volatile.Read(ref _next).Task;

    public void Pulse() => Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}
