using System.Text.Json;

namespace EduPlatform.Saga.Messaging;

/// <summary>
/// One message on the wire. <see cref="CorrelationId"/> is the saga (the enrollment) it belongs to;
/// <see cref="CausationId"/> is the message (or HTTP request) that made someone send it, so a saga's messages form a
/// chain that can be walked back from any of them. Both travel on every message, whichever service sends it.
/// </summary>
public sealed record Envelope(
    Guid MessageId,
    string Type,
    Guid CorrelationId,
    Guid? CausationId,
    EnrollmentDetails Enrollment,
    DateTimeOffset SentAt)
{
    /// <summary>Why a step said no (a declined card, a full course), or null.</summary>
    public string? Reason { get; init; }

    /// <summary>For a timeout: which one, so a stale timeout (an older one) is told apart from the current one.</summary>
    public Guid? TimeoutId { get; init; }

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The first message of a saga, caused by the request that started it.</summary>
    public static Envelope Start(string type, EnrollmentDetails enrollment, Guid requestId, DateTimeOffset now) =>
        new(Guid.NewGuid(), type, enrollment.EnrollmentId, requestId, enrollment, now);

    /// <summary>A message caused by this one: same saga, this message as its cause.</summary>
    public Envelope Then(string type, DateTimeOffset now, string? reason = null) =>
        new(Guid.NewGuid(), type, CorrelationId, MessageId, Enrollment, now) { Reason = reason };

    public byte[] ToBytes() => JsonSerializer.SerializeToUtf8Bytes(this, Json);

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static Envelope FromJson(ReadOnlySpan<byte> json) =>
        JsonSerializer.Deserialize<Envelope>(json, Json) ?? throw new JsonException("The message body is JSON null.");

    public static Envelope FromJson(string json) =>
        JsonSerializer.Deserialize<Envelope>(json, Json) ?? throw new JsonException("The message body is JSON null.");
}
