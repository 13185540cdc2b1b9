using Npgsql;

namespace EduPlatform.Saga.Messaging;

/// <summary>
/// The inbox: the ids of the messages a service has handled, written in the same transaction as what handling them
/// changed. A message delivered again (the broker redelivers whatever was not acknowledged, a relay may publish twice)
/// finds its id there and changes nothing.
/// </summary>
public static class Inbox
{
    /// <summary>True the first time a message id is seen (handle it); false for a duplicate (skip it).</summary>
    public static async Task<bool> TryRecordAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string schema, Envelope envelope, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        // A concurrent duplicate waits here on the first one's uncommitted row, then sees it: never both.
        await using var insert = new NpgsqlCommand(
            $"INSERT INTO {schema}.inbox (message_id, type, handled_at) VALUES (@id, @type, @now) ON CONFLICT (message_id) DO NOTHING",
            connection, transaction);
        insert.Parameters.AddWithValue("id", envelope.MessageId);
        insert.Parameters.AddWithValue("type", envelope.Type);
        insert.Parameters.AddWithValue("now", now);
        return await insert.ExecuteNonQueryAsync(cancellationToken) == 1;
    }
}
