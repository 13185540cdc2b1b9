namespace EduPlatform.Saga.Messaging;

/// <summary>A message that failed every attempt, as an operator sees it (GET /admin/dead-letters).</summary>
public sealed record DeadLetter(
    Guid Id,
    Guid MessageId,
    Guid CorrelationId,
    string Type,
    string Queue,
    int Attempts,
    string Error,
    DateTimeOffset DeadAt,
    DateTimeOffset? RetriedAt);
