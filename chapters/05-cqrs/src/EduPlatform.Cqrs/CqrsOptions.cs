using EduPlatform.Cqrs.Projections;

namespace EduPlatform.Cqrs;

/// <summary>The app's settings, section <c>Cqrs</c> (environment: <c>Cqrs__Roles=api</c>). Every option has a default.</summary>
public sealed class CqrsOptions
{
    public const string Section = "Cqrs";

    /// <summary>
    /// What this process does: <c>api</c> (commands, queries, admin endpoints), <c>projector</c> (runs the
    /// projections), or both (default <c>api,projector</c>). Two processes, one of each, can be killed independently.
    /// </summary>
    public string Roles { get; set; } = "api,projector";

    /// <summary>Key prefix of the Redis leaderboard. Default <c>cqrs:</c>.</summary>
    public string RedisKeyPrefix { get; set; } = "cqrs:";

    /// <summary>Events per batch of a live projection. Default 500.</summary>
    public int BatchSize { get; set; } = 500;

    /// <summary>Events per batch while a generation is rebuilt from position 0 (bigger batches, fewer commits). Default 2,000.</summary>
    public int RebuildBatchSize { get; set; } = 2_000;

    /// <summary>Tries of a failing event before it is parked. Default 3.</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>Delay between tries, and before a restart after a failure. Default 100 ms.</summary>
    public int RetryDelayMs { get; set; } = 100;

    /// <summary>How often the projector host looks for new, switched and dropped generations. Default 250 ms.</summary>
    public int GenerationPollMs { get; set; } = 250;

    /// <summary>How long a query that passes a position waits for the read model by default. Default 1,000 ms.</summary>
    public int DefaultWaitMs { get; set; } = 1_000;

    /// <summary>The longest wait a query may ask for. Default 5,000 ms.</summary>
    public int MaxWaitMs { get; set; } = 5_000;

    /// <summary>How often the lag gauges (OpenTelemetry metrics) are refreshed. Default 1,000 ms.</summary>
    public int LagRefreshMs { get; set; } = 1_000;

    public bool RunsApi => HasRole("api");

    public bool RunsProjector => HasRole("projector");

    public ProjectorOptions Projector(bool rebuilding) => new()
    {
        BatchSize = rebuilding ? RebuildBatchSize : BatchSize,
        MaxAttempts = MaxAttempts,
        RetryDelay = TimeSpan.FromMilliseconds(RetryDelayMs),
    };

    private bool HasRole(string role) =>
        Roles.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Contains(role, StringComparer.OrdinalIgnoreCase);
}
