namespace EduPlatform.EventStore.Subscriptions;

/// <summary>
/// Where a catch-up subscription remembers the global position of the last event it handled.
/// <see cref="PostgresCheckpointStore"/> keeps it in <c>eventstore.checkpoints</c>; a projection that
/// writes its read model and its checkpoint in one transaction (exactly-once effects, chapter 05)
/// supplies its own.
/// </summary>
public interface ICheckpointStore
{
    /// <summary>The stored position, or 0 when the subscription has never stored one (start from the first event).</summary>
    Task<long> LoadAsync(string subscriptionId, CancellationToken cancellationToken);

    Task StoreAsync(string subscriptionId, long position, CancellationToken cancellationToken);
}
