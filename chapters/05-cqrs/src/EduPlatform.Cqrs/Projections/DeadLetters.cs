using EduPlatform.EventStore;
using Npgsql;

namespace EduPlatform.Cqrs.Projections;

/// <summary>A parked event: what it was, where it sits in the log, why the projection gave up on it.</summary>
public sealed record DeadLetter(string Projection, long Position, Guid EventId, string StreamId, string EventType, string Reason, int Attempts, DateTimeOffset ParkedAt);

/// <summary><c>projections.dead_letters</c>: parked events of the PostgreSQL projections.</summary>
public static class DeadLetters
{
    /// <summary>The insert, for the transaction that also moves the checkpoint past the event. Idempotent.</summary>
    public static NpgsqlBatchCommand Insert(string projection, RecordedEvent poison, string reason, int attempts)
    {
        ArgumentNullException.ThrowIfNull(poison);
        var command = new NpgsqlBatchCommand(
            """
            INSERT INTO projections.dead_letters (projection, global_position, event_id, stream_id, event_type, reason, attempts)
            VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING
            """);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = projection });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = poison.GlobalPosition });
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = poison.EventId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = poison.StreamId.Value });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = poison.EventType });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = reason });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = attempts });
        return command;
    }

    public static async Task<IReadOnlyList<DeadLetter>> ReadAsync(NpgsqlDataSource dataSource, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        await using var command = dataSource.CreateCommand(
            """
            SELECT projection, global_position, event_id, stream_id, event_type, reason, attempts, parked_at
              FROM projections.dead_letters ORDER BY parked_at, projection, global_position LIMIT $1
            """);
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var letters = new List<DeadLetter>();
        while (await reader.ReadAsync(cancellationToken))
        {
            letters.Add(new DeadLetter(reader.GetString(0), reader.GetInt64(1), reader.GetGuid(2), reader.GetString(3), reader.GetString(4),
                reader.GetString(5), reader.GetInt32(6), reader.GetFieldValue<DateTimeOffset>(7)));
        }

        return letters;
    }
}
