namespace EduPlatform.Cqrs.Queries;

// What the queries answer with (JSON, camelCase).

public sealed record CourseProgress(string CourseId, string StudentName, string Status, int LessonsCompleted, int QuizzesSubmitted, int Points, long LastPosition);

public sealed record StudentProgress(string StudentId, IReadOnlyList<CourseProgress> Courses);

public sealed record RosterEntry(string StudentId, string StudentName);

public sealed record CourseRoster(string CourseId, IReadOnlyList<RosterEntry> Students);

/// <summary>A leaderboard row. <paramref name="StudentName"/> is null from Redis (it keeps ids and points only).</summary>
public sealed record LeaderboardEntry(int Rank, string StudentId, string? StudentName, int Points);

public sealed record Leaderboard(string CourseId, IReadOnlyList<LeaderboardEntry> Entries);
