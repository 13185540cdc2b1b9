namespace EduPlatform.Cqrs.Projections;

/// <summary>Where a generation of the PostgreSQL read models is in its life. Stored as lower-case text.</summary>
public enum GenerationStatus
{
    /// <summary>Being rebuilt from position 0 beside the active one; no query reads it yet.</summary>
    Building,

    /// <summary>The one the <c>readmodel.*</c> views point at: every query reads it.</summary>
    Active,

    /// <summary>Was active, still projected, so a rollback can switch back to it at once.</summary>
    Standby,

    /// <summary>Its tables are gone; its row stays as history.</summary>
    Dropped,
}

/// <summary>A row of <c>projections.generations</c>.</summary>
public sealed record Generation(
    int Version,
    GenerationStatus Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset? CaughtUpAt,
    long? CaughtUpPosition,
    DateTimeOffset? ActivatedAt,
    DateTimeOffset? DroppedAt)
{
    /// <summary>Events per second of the rebuild from position 0 to its first catch-up (null until then).</summary>
    public double? RebuildEventsPerSecond => CaughtUpAt is { } at && CaughtUpPosition is { } position && at > CreatedAt
        ? position / (at - CreatedAt).TotalSeconds
        : null;
}
