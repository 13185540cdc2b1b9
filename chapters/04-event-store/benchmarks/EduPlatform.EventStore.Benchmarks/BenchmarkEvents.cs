namespace EduPlatform.EventStore.Benchmarks;

/// <summary>A small, typical event (about 80 bytes of JSON), the same for both stores.</summary>
public sealed record LessonProgressed(Guid StudentId, string LessonId, int Score, DateTimeOffset At);
