namespace EduPlatform.EventStore;

/// <summary>An event whose serialized data and metadata exceed <see cref="EventStoreOptions.MaxEventSizeBytes"/>.</summary>
public sealed class EventTooLargeException(Guid eventId, int sizeBytes, int maxSizeBytes)
    : EventStoreException($"Event {eventId} is {sizeBytes} bytes serialized; the limit is {maxSizeBytes} bytes.")
{
    public Guid EventId { get; } = eventId;

    public int SizeBytes { get; } = sizeBytes;

    public int MaxSizeBytes { get; } = maxSizeBytes;
}
