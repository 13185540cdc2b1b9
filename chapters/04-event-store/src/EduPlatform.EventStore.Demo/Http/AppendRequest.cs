using System.Text.Json;

namespace EduPlatform.EventStore.Demo.Http;

/// <summary>
/// <c>POST /streams/{streamId}</c>:
/// <code>{"expectedVersion": "no-stream" | "any" | "stream-exists" | 3,
///  "events": [{"eventId": "...", "type": "student-enrolled", "data": {...}, "metadata": {"correlationId": "..."}}]}</code>
/// Everything is nullable here on purpose: the endpoint checks each field and answers with a
/// problem that names it, instead of a generic binding error.
/// </summary>
public sealed record AppendRequest(JsonElement? ExpectedVersion, IReadOnlyList<AppendRequestEvent?>? Events);

public sealed record AppendRequestEvent(Guid? EventId, string? Type, JsonElement? Data, Dictionary<string, string>? Metadata);

public sealed record AppendResponse(string Outcome, long StreamVersion, long FirstPosition, long LastPosition);

public sealed record EventResponse(
    Guid EventId,
    string StreamId,
    long StreamVersion,
    long GlobalPosition,
    string Type,
    object Data,
    IReadOnlyDictionary<string, string> Metadata,
    DateTimeOffset RecordedAt)
{
    public static EventResponse From(RecordedEvent recorded)
    {
        ArgumentNullException.ThrowIfNull(recorded);
        return new(recorded.EventId, recorded.StreamId.Value, recorded.StreamVersion, recorded.GlobalPosition,
            recorded.EventType, recorded.Data, recorded.Metadata, recorded.RecordedAt);
    }
}
