namespace EduPlatform.Saga.Messaging;

/// <summary>
/// What the relay does to the order and number of deliveries, for tests and claims: every message published twice,
/// the second copy one relay round later, and each batch in a random order. At-least-once delivery promises no more
/// than this; a saga that survives it survives the broker.
/// </summary>
public sealed record DeliveryChaos(bool DuplicateEveryMessage, bool Shuffle)
{
    public static readonly DeliveryChaos None = new(false, false);

    public static readonly DeliveryChaos DuplicateAndShuffle = new(true, true);
}
