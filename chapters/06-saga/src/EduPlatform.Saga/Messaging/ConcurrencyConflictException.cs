namespace EduPlatform.Saga.Messaging;

/// <summary>
/// Someone else changed the same row first (an optimistic version check failed): not a failure of the message, so it
/// is handled again at once and does not count towards its attempts.
/// </summary>
public sealed class ConcurrencyConflictException(string message) : Exception(message);
