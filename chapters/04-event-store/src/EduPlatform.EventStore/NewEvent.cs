namespace EduPlatform.EventStore;

/// <summary>
/// An event to append. Its <see cref="EventId"/> is what makes a retry safe: send the same instance
/// (or the same id) again after a lost acknowledgement and the store recognises it.
/// </summary>
/// <param name="Data">The event itself: an instance of a type registered in the <see cref="EventTypeRegistry"/>.</param>
/// <param name="EventId">Unique forever; <see cref="Create"/> picks a time-ordered one.</param>
/// <param name="Metadata">Context that is not the event: correlation and causation ids, user, tenant.</param>
public sealed record NewEvent(object Data, Guid EventId, IReadOnlyDictionary<string, string>? Metadata = null)
{
    public static NewEvent Create(object data, IReadOnlyDictionary<string, string>? metadata = null) =>
        new(data, Guid.CreateVersion7(), metadata);
}
