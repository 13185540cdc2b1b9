namespace EduPlatform.Cqrs.Projections;

/// <summary>The Redis leaderboard's keys, all under one prefix (Cqrs:Redis:KeyPrefix) so one Redis can hold several.</summary>
public sealed class RedisKeys(string prefix)
{
    /// <summary>Hash: position, applied, parked.</summary>
    public string Checkpoint { get; } = prefix + "checkpoint";

    /// <summary>Hash: <c>course/student</c> to the enrollment's view (JSON): the projector's own state, not served.</summary>
    public string Enrollments { get; } = prefix + "enrollments";

    /// <summary>Hash: global position to the parked event and its reason (JSON).</summary>
    public string DeadLetters { get; } = prefix + "dead-letters";

    /// <summary>Pub/sub channel: the new position after every batch.</summary>
    public string ProjectedChannel { get; } = prefix + "projected";

    /// <summary>Sorted set: student id to points, enrolled students only.</summary>
    public string Leaderboard(string courseId) => prefix + "leaderboard:" + courseId;

    /// <summary>Where the leaderboards are: for a SCAN that finds them all.</summary>
    public string LeaderboardPattern => prefix + "leaderboard:*";

    public string CourseOf(string leaderboardKey)
    {
        ArgumentNullException.ThrowIfNull(leaderboardKey);
        return leaderboardKey[(prefix.Length + "leaderboard:".Length)..];
    }
}
