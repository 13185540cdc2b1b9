using Microsoft.Extensions.Logging;
using Npgsql;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace EduPlatform.Saga.Messaging;

/// <summary>
/// The dead-letter queue's consumer and the operator's view of it: every dead message is stored (with its queue,
/// attempts and last error) and its saga marked NeedsAttention, in one transaction; <see cref="RetryAsync"/> sends it
/// back to the queue it died in, through the outbox, and lets the saga go on.
/// </summary>
public sealed class DeadLetterArchive(string schema, NpgsqlDataSource database, IDeadLetterOwner owner, OutboxRelay relay, TimeProvider clock, ILogger logger)
{
    public async Task StartAsync(IConnection connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        await SagaTopology.DeclareExchangesAsync(channel, cancellationToken);
        await channel.BasicQosAsync(0, 20, global: false, cancellationToken);
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += async (_, delivery) =>
        {
            try
            {
                await StoreAsync(delivery);
                await channel.BasicAckAsync(delivery.DeliveryTag, multiple: false);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // Not acknowledged: the broker delivers it again (a dead letter is never lost on the way to the operator).
                logger.LogWarning("Storing a dead letter failed, it will be redelivered: {Error}", exception.Message);
                await channel.BasicNackAsync(delivery.DeliveryTag, multiple: false, requeue: true);
            }
        };
        await channel.BasicConsumeAsync(SagaTopology.DeadLetterQueue, autoAck: false, consumer, cancellationToken);
    }

    public Task<IReadOnlyList<DeadLetter>> ListAsync(CancellationToken cancellationToken) => ListAsync(database, schema, cancellationToken);

    /// <summary>The dead letters kept in <paramref name="schema"/>.dead_letters, oldest first.</summary>
    public static async Task<IReadOnlyList<DeadLetter>> ListAsync(NpgsqlDataSource database, string schema, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        await using var command = database.CreateCommand(
            $"SELECT id, message_id, correlation_id, type, queue, attempts, error, dead_at, retried_at FROM {schema}.dead_letters ORDER BY dead_at, id LIMIT 1000");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var letters = new List<DeadLetter>();
        while (await reader.ReadAsync(cancellationToken))
        {
            letters.Add(Read(reader));
        }

        return letters;
    }

    /// <summary>Sends the dead message back to its queue (a fresh set of attempts). Null when there is no such dead letter.</summary>
    public async Task<RetryOutcome> RetryAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        DeadLetter letter;
        string envelopeJson;
        await using (var select = new NpgsqlCommand(
                         $"SELECT id, message_id, correlation_id, type, queue, attempts, error, dead_at, retried_at, envelope::text FROM {schema}.dead_letters WHERE id = @id FOR UPDATE",
                         connection, transaction))
        {
            select.Parameters.AddWithValue("id", id);
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                return RetryOutcome.NotFound;
            }

            letter = Read(reader);
            envelopeJson = reader.GetString(9);
        }

        if (letter.RetriedAt is not null)
        {
            return RetryOutcome.AlreadyRetried;
        }

        var now = clock.GetUtcNow();
        await using (var mark = new NpgsqlCommand($"UPDATE {schema}.dead_letters SET retried_at = @now WHERE id = @id", connection, transaction))
        {
            mark.Parameters.AddWithValue("now", now);
            mark.Parameters.AddWithValue("id", id);
            await mark.ExecuteNonQueryAsync(cancellationToken);
        }

        // The same message (same id: its failed attempts rolled back, so no inbox has it) straight to its queue.
        var envelope = Envelope.FromJson(envelopeJson);
        await Outbox.EnqueueAsync(connection, transaction, schema, envelope, now, letter.Queue, cancellationToken);
        await owner.OnRetriedAsync(new MessageContext(connection, transaction, envelope, now), letter, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        relay.Wake();
        return RetryOutcome.Retried;
    }

    private async Task StoreAsync(BasicDeliverEventArgs delivery)
    {
        var body = delivery.Body.ToArray();
        var envelope = Envelope.FromJson(body);
        var now = clock.GetUtcNow();
        var letter = new DeadLetter(
            Guid.NewGuid(),
            envelope.MessageId,
            envelope.CorrelationId,
            envelope.Type,
            MessageConsumer.HeaderText(delivery.BasicProperties, "x-queue") ?? "unknown",
            delivery.BasicProperties.Headers?.TryGetValue("x-attempts", out var attempts) == true && attempts is int count ? count : 0,
            MessageConsumer.HeaderText(delivery.BasicProperties, "x-error") ?? "",
            now,
            null);
        await using var connection = await database.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        // The dead-letter queue is at-least-once like every other: one row per dead message id and queue.
        await using (var insert = new NpgsqlCommand(
                         $"""
                          INSERT INTO {schema}.dead_letters (id, message_id, correlation_id, type, queue, attempts, error, envelope, dead_at)
                          SELECT @id, @message, @correlation, @type, @queue, @attempts, @error, @envelope, @now
                          WHERE NOT EXISTS (SELECT 1 FROM {schema}.dead_letters WHERE message_id = @message AND queue = @queue AND retried_at IS NULL)
                          """, connection, transaction))
        {
            insert.Parameters.AddWithValue("id", letter.Id);
            insert.Parameters.AddWithValue("message", letter.MessageId);
            insert.Parameters.AddWithValue("correlation", letter.CorrelationId);
            insert.Parameters.AddWithValue("type", letter.Type);
            insert.Parameters.AddWithValue("queue", letter.Queue);
            insert.Parameters.AddWithValue("attempts", letter.Attempts);
            insert.Parameters.AddWithValue("error", letter.Error);
            insert.Parameters.AddWithValue("envelope", NpgsqlTypes.NpgsqlDbType.Jsonb, envelope.ToJson());
            insert.Parameters.AddWithValue("now", now);
            if (await insert.ExecuteNonQueryAsync() == 1)
            {
                await owner.OnDeadLetteredAsync(new MessageContext(connection, transaction, envelope, now), letter, CancellationToken.None);
            }
        }

        await transaction.CommitAsync();
    }

    public static DeadLetter Read(NpgsqlDataReader reader) => new(
        reader.GetGuid(0), reader.GetGuid(1), reader.GetGuid(2), reader.GetString(3), reader.GetString(4), reader.GetInt32(5),
        reader.GetString(6), reader.GetFieldValue<DateTimeOffset>(7), reader.IsDBNull(8) ? null : reader.GetFieldValue<DateTimeOffset>(8));
}

/// <summary>What an operator's retry did.</summary>
public enum RetryOutcome
{
    Retried,
    NotFound,
    AlreadyRetried,
}
