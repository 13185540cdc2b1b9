namespace EduPlatform.Cqrs.Queries;

/// <summary>Which read-model store a query reads.</summary>
public enum ReadSide
{
    /// <summary>The active generation of the PostgreSQL read models (the <c>readmodel.*</c> views).</summary>
    Postgres,

    /// <summary>The Redis leaderboard.</summary>
    Redis,
}
