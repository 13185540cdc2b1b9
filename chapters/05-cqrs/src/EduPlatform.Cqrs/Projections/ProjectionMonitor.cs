using EduPlatform.EventStore;
using Npgsql;

namespace EduPlatform.Cqrs.Projections;

/// <summary>
/// Reads every projection's checkpoint and lag from where they are stored (PostgreSQL, Redis), so any process can
/// report them, the projector's own included while it is down. <see cref="Latest"/> is what the gauges observe,
/// refreshed by <see cref="ProjectionMonitorRefresher"/>; <c>GET /projections</c> reads afresh.
/// </summary>
public sealed class ProjectionMonitor(NpgsqlDataSource dataSource, PostgresEventStore store, ReadModelGenerations generations, RedisLeaderboard redis)
{
    private volatile IReadOnlyList<ProjectionStatus> _latest = [];

    public IReadOnlyList<ProjectionStatus> Latest => _latest;

    public async Task<IReadOnlyList<ProjectionStatus>> ReadAsync(CancellationToken cancellationToken)
    {
        var head = await store.ReadHeadPositionAsync(cancellationToken);
        var statuses = new List<ProjectionStatus>();
        foreach (var generation in (await generations.ListAsync(cancellationToken)).Where(g => g.Status != GenerationStatus.Dropped))
        {
            var schema = GenerationNames.Schema(generation.Version);
            await using var command = dataSource.CreateCommand(
                $"""
                SELECT c.position, c.applied, c.parked,
                       coalesce((SELECT extract(epoch FROM clock_timestamp() - e.recorded_at) * 1000
                                   FROM eventstore.events e WHERE e.global_position = c.position + 1), 0)::float8
                  FROM {schema}.checkpoint c
                """);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                statuses.Add(Status(schema, "postgres", generation.Status.ToString().ToLowerInvariant(), reader.GetInt64(0), head,
                    reader.GetDouble(3), reader.GetInt64(1), reader.GetInt64(2)));
            }
        }

        var (position, applied, parked) = await redis.ReadCheckpointAsync();
        statuses.Add(Status(RedisLeaderboard.Name, "redis", "live", position, head, await AgeOfEventAfterAsync(position, cancellationToken), applied, parked));
        _latest = statuses;
        return statuses;
    }

    private static ProjectionStatus Status(string name, string kind, string state, long position, long head, double lagMs, long applied, long parked) =>
        // The head is read first: a projection may have passed it since, which is no lag at all.
        new(name, kind, state, position, Math.Max(head, position), Math.Max(0, head - position), Math.Max(0, lagMs), applied, parked);

    private async Task<double> AgeOfEventAfterAsync(long position, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT coalesce((SELECT extract(epoch FROM clock_timestamp() - recorded_at) * 1000 FROM eventstore.events WHERE global_position = $1), 0)::float8");
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = position + 1 });
        return (double)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
