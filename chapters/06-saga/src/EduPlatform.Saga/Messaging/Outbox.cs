using Npgsql;
using NpgsqlTypes;

namespace EduPlatform.Saga.Messaging;

/// <summary>
/// The transactional outbox: a message to send is a row written in the same transaction as the state change that
/// decided to send it. Both commit or neither does, so there is no state change without its message and no message
/// without its state change. <see cref="OutboxRelay"/> publishes the rows afterwards.
/// </summary>
public static class Outbox
{
    public static async Task EnqueueAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string schema, Envelope envelope, DateTimeOffset now,
        string? queue = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        await using var insert = new NpgsqlCommand(
            $"INSERT INTO {schema}.outbox (message_id, correlation_id, type, queue, envelope, created_at) VALUES (@id, @correlation, @type, @queue, @envelope, @now)",
            connection, transaction);
        insert.Parameters.AddWithValue("id", envelope.MessageId);
        insert.Parameters.AddWithValue("correlation", envelope.CorrelationId);
        insert.Parameters.AddWithValue("type", envelope.Type);
        insert.Parameters.AddWithValue("queue", (object?)queue ?? DBNull.Value);
        insert.Parameters.AddWithValue("envelope", NpgsqlDbType.Jsonb, envelope.ToJson());
        insert.Parameters.AddWithValue("now", now);
        await insert.ExecuteNonQueryAsync(cancellationToken);
    }
}
