namespace EduPlatform.EventStore;

/// <summary>An event as stored, with its place in its stream and in the global order.</summary>
/// <param name="StreamVersion">1 for the stream's first event, 2 for the second, ...</param>
/// <param name="GlobalPosition">1, 2, 3, ... across all streams, in commit order, without holes.</param>
/// <param name="EventType">The registered name, after upcasting (the name of <paramref name="Data"/>'s type).</param>
/// <param name="Data">The deserialized event, upcast to the current version of its type.</param>
public sealed record RecordedEvent(
    Guid EventId,
    StreamId StreamId,
    long StreamVersion,
    long GlobalPosition,
    string EventType,
    object Data,
    IReadOnlyDictionary<string, string> Metadata,
    DateTimeOffset RecordedAt);
