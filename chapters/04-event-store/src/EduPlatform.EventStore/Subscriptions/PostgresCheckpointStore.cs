using Npgsql;

namespace EduPlatform.EventStore.Subscriptions;

/// <summary>Checkpoints in <c>eventstore.checkpoints</c>, one row per subscription.</summary>
public sealed class PostgresCheckpointStore(NpgsqlDataSource dataSource) : ICheckpointStore
{
    public async Task<long> LoadAsync(string subscriptionId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT position FROM eventstore.checkpoints WHERE subscription_id = $1");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = subscriptionId });
        return await command.ExecuteScalarAsync(cancellationToken) is long position ? position : 0;
    }

    public async Task StoreAsync(string subscriptionId, long position, CancellationToken cancellationToken)
    {
        // Only ever forwards: two instances of one subscription by mistake must not rewind each other.
        await using var command = dataSource.CreateCommand(
            """
            INSERT INTO eventstore.checkpoints (subscription_id, position) VALUES ($1, $2)
            ON CONFLICT (subscription_id) DO UPDATE SET position = excluded.position, updated_at = now()
            WHERE checkpoints.position < excluded.position
            """);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = subscriptionId });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = position });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
