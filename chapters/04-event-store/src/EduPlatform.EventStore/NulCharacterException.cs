namespace EduPlatform.EventStore;

/// <summary>
/// An event whose data or metadata holds the character U+0000 (NUL). PostgreSQL's <c>jsonb</c> (like its <c>text</c>)
/// cannot store it, so the store refuses the append before sending anything, instead of letting the database fail it.
/// </summary>
public sealed class NulCharacterException(Guid eventId, string part)
    : EventStoreException($"Event {eventId}'s {part} contains the character U+0000 (NUL), which cannot be stored; remove it, or encode the value (base64) if it is binary.")
{
    public Guid EventId { get; } = eventId;

    /// <summary>"data" or "metadata".</summary>
    public string Part { get; } = part;
}
