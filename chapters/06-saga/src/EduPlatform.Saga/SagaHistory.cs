using EduPlatform.Saga.Messaging;
using Npgsql;

namespace EduPlatform.Saga;

/// <summary>A saga's history table (the orchestrator's, or the enrollments service's in choreography): append, read in order.</summary>
public static class SagaHistory
{
    public static async Task AppendAsync(
        MessageContext context, string schema, string? fromState, string toState, bool changed, string? note, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        await using var insert = context.Command($"""
            INSERT INTO {schema}.history (saga_id, message_id, message, causation_id, from_state, to_state, changed, note, at)
            VALUES (@saga, @message_id, @message, @causation, @from, @to, @changed, @note, @now)
            """);
        insert.Parameters.AddWithValue("saga", context.Message.CorrelationId);
        insert.Parameters.AddWithValue("message_id", context.Message.MessageId);
        insert.Parameters.AddWithValue("message", context.Message.Type);
        insert.Parameters.AddWithValue("causation", (object?)context.Message.CausationId ?? DBNull.Value);
        insert.Parameters.AddWithValue("from", (object?)fromState ?? DBNull.Value);
        insert.Parameters.AddWithValue("to", toState);
        insert.Parameters.AddWithValue("changed", changed);
        insert.Parameters.AddWithValue("note", (object?)note ?? DBNull.Value);
        insert.Parameters.AddWithValue("now", context.Now);
        await insert.ExecuteNonQueryAsync(cancellationToken);
    }

    public static async Task<IReadOnlyList<SagaHistoryEntry>> ReadAsync(NpgsqlDataSource database, string schema, Guid sagaId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        await using var select = database.CreateCommand(
            $"SELECT id, message_id, message, causation_id, from_state, to_state, changed, note, at FROM {schema}.history WHERE saga_id = @saga ORDER BY id");
        select.Parameters.AddWithValue("saga", sagaId);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        var entries = new List<SagaHistoryEntry>();
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(new SagaHistoryEntry(
                reader.GetInt64(0), reader.GetGuid(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetGuid(3),
                reader.IsDBNull(4) ? null : reader.GetString(4), reader.GetString(5), reader.GetBoolean(6),
                reader.IsDBNull(7) ? null : reader.GetString(7), reader.GetFieldValue<DateTimeOffset>(8)));
        }

        return entries;
    }
}
