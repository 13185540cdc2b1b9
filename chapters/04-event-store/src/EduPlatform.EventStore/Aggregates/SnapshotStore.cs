using System.Text.Json;
using Npgsql;

namespace EduPlatform.EventStore.Aggregates;

/// <summary>
/// The latest snapshot of a stream's state per snapshot type, in <c>eventstore.snapshots</c>. A cache
/// of a fold, never the truth: a missing or unreadable snapshot only means folding from the first event.
/// </summary>
public sealed class SnapshotStore(NpgsqlDataSource dataSource, JsonSerializerOptions? serializerOptions = null)
{
    private readonly JsonSerializerOptions _json = serializerOptions ?? new JsonSerializerOptions(JsonSerializerDefaults.Web);

    public async Task<(TState State, long Version)?> LoadAsync<TState>(StreamId stream, string snapshotType, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT stream_version, data::text FROM eventstore.snapshots WHERE stream_id = $1 AND snapshot_type = $2");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = stream.Value });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = snapshotType });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<TState>(reader.GetString(1), _json) is { } state
                ? (state, reader.GetInt64(0))
                : null;
        }
        catch (JsonException)
        {
            // A snapshot written by other code under the same type name: ignore it, fold from events.
            return null;
        }
    }

    /// <summary>Stores the snapshot unless a newer one (a higher version) is stored already.</summary>
    public async Task SaveAsync<TState>(StreamId stream, string snapshotType, long version, TState state, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            """
            INSERT INTO eventstore.snapshots (stream_id, snapshot_type, stream_version, data) VALUES ($1, $2, $3, $4)
            ON CONFLICT (stream_id, snapshot_type) DO UPDATE
                SET stream_version = excluded.stream_version, data = excluded.data, taken_at = now()
                WHERE snapshots.stream_version < excluded.stream_version
            """);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = stream.Value });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = snapshotType });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = version });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = JsonSerializer.Serialize(state, _json), NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Jsonb });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
