namespace EduPlatform.EventStore.Subscriptions;

public sealed record CatchUpSubscriptionOptions
{
    /// <summary>Events read per page; the checkpoint is stored after each page. Default 256.</summary>
    public int BatchSize { get; init; } = 256;

    /// <summary>
    /// How long the subscription waits, once caught up, before it reads again without a notification.
    /// The safety net for lost notifications and a broken LISTEN connection. Default 1 s.
    /// </summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Wake up on <c>NOTIFY eventstore_appended</c> (live). Off: polling only. Default on.</summary>
    public bool UseNotifications { get; init; } = true;

    /// <summary>How long to wait before re-opening a LISTEN connection that failed. Default 1 s.</summary>
    public TimeSpan ListenRetryDelay { get; init; } = TimeSpan.FromSeconds(1);
}
