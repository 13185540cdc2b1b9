namespace EduPlatform.Saga;

/// <summary>
/// One line of a saga's history (GET /enrollments/{id}/history): which message arrived, what caused it, and what it
/// changed. A message that changed nothing (a late timeout, a reply the saga no longer waits for) is a line too,
/// with <see cref="Changed"/> false and a note saying why.
/// </summary>
public sealed record SagaHistoryEntry(
    long Sequence,
    Guid MessageId,
    string Message,
    Guid? CausationId,
    string? FromState,
    string ToState,
    bool Changed,
    string? Note,
    DateTimeOffset At);
