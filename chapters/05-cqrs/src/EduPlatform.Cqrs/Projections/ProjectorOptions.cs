namespace EduPlatform.Cqrs.Projections;

/// <summary>How a projector reads, batches and gives up on an event. Every option has a default.</summary>
public sealed record ProjectorOptions
{
    /// <summary>Events read, folded and committed together (one transaction). Default 500.</summary>
    public int BatchSize { get; init; } = 500;

    /// <summary>Tries of a single event that keeps failing for a reason of its own, before it is parked. Default 3.</summary>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>
    /// Wait before the next try of a failing event (times the attempt number), and before restarting after a failure
    /// that is not the event's (database unreachable). Default 100 ms.
    /// </summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Read again after this long without an append notification (the safety net). Default 1 s.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);
}
