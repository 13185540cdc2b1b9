using EduPlatform.EventStore;

namespace EduPlatform.Cqrs.Projections;

/// <summary>
/// Where one projection keeps its read model AND its checkpoint, so both change in one atomic step: the PostgreSQL
/// generation (one transaction, <see cref="PostgresReadModels"/>) and the Redis leaderboard (one Lua script,
/// <see cref="RedisLeaderboard"/>). That is what makes a projection exactly-once in effect: after a crash the stored
/// checkpoint says precisely which events the stored read model contains.
/// </summary>
public interface IReadModelStore
{
    /// <summary>The projection's name in lag reports, metrics and dead letters: <c>readmodel_v2</c>, <c>leaderboard-redis</c>.</summary>
    string ProjectionName { get; }

    /// <summary>The stored checkpoint: the last global position applied or parked (0: none yet).</summary>
    Task<long> LoadPositionAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Applies <paramref name="events"/> (consecutive, right after <paramref name="expectedPosition"/>) and moves the
    /// checkpoint to the last of them, all or nothing.
    /// </summary>
    /// <exception cref="CheckpointMovedException">the stored checkpoint is not <paramref name="expectedPosition"/>: another instance moved it.</exception>
    Task ApplyAsync(long expectedPosition, IReadOnlyList<RecordedEvent> events, CancellationToken cancellationToken);

    /// <summary>Records <paramref name="poison"/> as a dead letter and moves the checkpoint past it, all or nothing.</summary>
    /// <exception cref="CheckpointMovedException">as for <see cref="ApplyAsync"/>.</exception>
    Task ParkAsync(long expectedPosition, RecordedEvent poison, string reason, int attempts, CancellationToken cancellationToken);
}
