using Npgsql;
using NpgsqlTypes;

namespace EduPlatform.Cqrs.Testing.Workloads;

/// <summary>
/// The contrast: the obvious event log, a table whose position is a <c>bigserial</c>. Positions are handed out at
/// INSERT and become visible at COMMIT, in whatever order the transactions commit, so a reader that keeps
/// "the highest position I saw" as its checkpoint skips every event that committed after a higher one.
/// </summary>
public sealed class NaiveLog(EduPlatform.EventStore.EventTypeRegistry types) : IEventLog
{
    public const string Table = "naive.events";

    public static async Task CreateAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        await using var command = dataSource.CreateCommand(
            $"CREATE SCHEMA IF NOT EXISTS naive; CREATE TABLE IF NOT EXISTS {Table} (position bigserial PRIMARY KEY, stream_id text NOT NULL, event_type text NOT NULL, data jsonb NOT NULL)");
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task AppendAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, PlannedAppend plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var serialized = plan.Events.Select(types.Serialize).ToArray();
        await using var command = new NpgsqlCommand(
            $"INSERT INTO {Table} (stream_id, event_type, data) SELECT $1, t, d FROM unnest($2::text[], $3::jsonb[]) AS e(t, d)", connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = plan.Stream.Value });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = serialized.Select(s => s.Name).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = serialized.Select(s => s.Json).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
