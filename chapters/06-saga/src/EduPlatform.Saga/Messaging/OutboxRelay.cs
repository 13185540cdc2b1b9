using Microsoft.Extensions.Logging;
using Npgsql;
using RabbitMQ.Client;

namespace EduPlatform.Saga.Messaging;

/// <summary>
/// Publishes a service's outbox: reads unpublished rows in order, publishes them with publisher confirms (the broker
/// says it has the message, on disk for a persistent one), and only then marks them published. A crash between the two
/// publishes them again: at least once, never lost; the consumers' inboxes make the second copy harmless.
/// </summary>
public sealed class OutboxRelay(
    string schema, NpgsqlDataSource database, DeliveryChaos chaos, TimeProvider clock, ILogger logger) : IDisposable
{
    private const int BatchSize = 200;
    private static readonly TimeSpan IdlePoll = TimeSpan.FromMilliseconds(100);

    private readonly SemaphoreSlim _wake = new(0, 1);
    private readonly List<(Envelope Envelope, string? Queue)> _lateDuplicates = [];

    /// <summary>A transaction with outbox rows committed: publish now instead of at the next poll.</summary>
    public void Wake()
    {
        try
        {
            _wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // already woken
        }
    }

    public void Dispose() => _wake.Dispose();

    public async Task RunAsync(IConnection connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        IChannel? channel = null;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var published = 0;
                try
                {
                    channel ??= await OpenChannelAsync(connection, cancellationToken);
                    published = await PublishBatchAsync(channel, cancellationToken);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    return;
                }
#pragma warning disable CA1031 // the relay outlives any one failure: broker restarting, database restarting
                catch (Exception exception)
#pragma warning restore CA1031
                {
                    logger.LogWarning("Outbox relay of {Schema} will retry: {Error}", schema, exception.Message);
                    await DisposeQuietlyAsync(channel);
                    channel = null;
                    await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
                    continue;
                }

                if (published < BatchSize)
                {
                    await _wake.WaitAsync(IdlePoll, cancellationToken);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            await DisposeQuietlyAsync(channel);
        }
    }

    private static async Task<IChannel> OpenChannelAsync(IConnection connection, CancellationToken cancellationToken)
    {
        // Tracking on: every BasicPublishAsync returns once the broker confirmed it (and throws if it refused).
        var channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), cancellationToken);
        await SagaTopology.DeclareExchangesAsync(channel, cancellationToken);
        return channel;
    }

    private async Task<int> PublishBatchAsync(IChannel channel, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // SKIP LOCKED: a second relay of the same service (a second instance) takes other rows instead of waiting.
        var rows = new List<(long Position, Envelope Envelope, string? Queue)>();
        await using (var select = new NpgsqlCommand(
                         $"SELECT position, envelope::text, queue FROM {schema}.outbox WHERE published_at IS NULL ORDER BY position LIMIT {BatchSize} FOR UPDATE SKIP LOCKED",
                         connection, transaction))
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add((reader.GetInt64(0), Envelope.FromJson(reader.GetString(1)), reader.IsDBNull(2) ? null : reader.GetString(2)));
            }
        }

        var toPublish = rows.Select(row => (row.Envelope, row.Queue)).ToList();
        if (chaos.DuplicateEveryMessage)
        {
            // The copies of the previous round go out now, after their originals: a duplicate that arrives late.
            toPublish.AddRange(_lateDuplicates);
            _lateDuplicates.Clear();
        }

        if (toPublish.Count == 0)
        {
            return 0;
        }

        if (chaos.Shuffle)
        {
            Random.Shared.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(toPublish));
        }

        // Published concurrently, each awaiting its own confirm: one round trip for the batch, not one per message.
        await Task.WhenAll(toPublish.Select(message => PublishAsync(channel, message.Envelope, message.Queue, cancellationToken)));
        if (chaos.DuplicateEveryMessage)
        {
            _lateDuplicates.AddRange(rows.Select(row => (row.Envelope, row.Queue)));
        }

        if (rows.Count > 0)
        {
            await using var mark = new NpgsqlCommand($"UPDATE {schema}.outbox SET published_at = @now WHERE position = ANY(@positions)", connection, transaction);
            mark.Parameters.AddWithValue("now", clock.GetUtcNow());
            mark.Parameters.AddWithValue("positions", rows.Select(row => row.Position).ToArray());
            await mark.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return rows.Count;
    }

    private static async Task PublishAsync(IChannel channel, Envelope envelope, string? queue, CancellationToken cancellationToken) =>
        // mandatory: a message no queue is bound for comes back as an error instead of vanishing.
        await channel.BasicPublishAsync(
            queue is null ? SagaTopology.Exchange : "",
            queue ?? envelope.Type,
            mandatory: true,
            SagaTopology.Properties(envelope),
            envelope.ToBytes(),
            cancellationToken);

    private static async Task DisposeQuietlyAsync(IChannel? channel)
    {
        if (channel is null)
        {
            return;
        }

        try
        {
            await channel.DisposeAsync();
        }
#pragma warning disable CA1031 // a channel of a dead connection may throw on dispose; it is gone either way
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }
}
