using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Npgsql;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace EduPlatform.Saga.Messaging;

/// <summary>
/// Consumes one service's queue. For each delivery, in one transaction: record the message id in the inbox (a
/// duplicate stops there), let the handler change the service's state, write the messages it sends to the outbox;
/// commit; then acknowledge. A failure is tried again up to <c>maxAttempts</c> times; then the message goes to the
/// dead-letter queue, where an operator sees it. A crash before the acknowledgement makes the broker deliver the
/// message again, and the inbox makes that harmless.
/// </summary>
public sealed class MessageConsumer(
    string service,
    string schema,
    NpgsqlDataSource database,
    IMessageHandler handler,
    OutboxRelay relay,
    int maxAttempts,
    IMessageFaults faults,
    TimeProvider clock,
    Action<string> crash,
    ILogger logger)
{
    private IChannel? _channel;

    public string Queue => service;

    public async Task StartAsync(IConnection connection, ushort prefetch, ushort concurrency, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        // Confirms on: a retry or a dead letter is published (and confirmed) before the original is acknowledged.
        // Concurrency: that many deliveries are handled at once, so one slow message does not hold up the queue.
        _channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true, consumerDispatchConcurrency: concurrency),
            cancellationToken);
        await SagaTopology.DeclareServiceQueueAsync(_channel, Queue, handler.Consumes, cancellationToken);
        await _channel.BasicQosAsync(0, prefetch, global: false, cancellationToken);
        var consumer = new AsyncEventingBasicConsumer(_channel);
        consumer.ReceivedAsync += (_, delivery) => OnDeliveryAsync(_channel, delivery);
        await _channel.BasicConsumeAsync(Queue, autoAck: false, consumer, cancellationToken);
    }

    private async Task OnDeliveryAsync(IChannel channel, BasicDeliverEventArgs delivery)
    {
        var body = delivery.Body.ToArray(); // the buffer is the client's again once this returns
        var attempt = AttemptOf(delivery.BasicProperties);
        Envelope envelope;
        try
        {
            envelope = Envelope.FromJson(body);
        }
        catch (JsonException exception)
        {
            await DeadLetterAsync(channel, delivery, body, Guid.Empty, "unreadable", attempt, $"not a message: {exception.Message}");
            return;
        }

        try
        {
            await faults.BeforeHandlingAsync(service, envelope);
            await HandleInTransactionAsync(envelope);
            relay.Wake();
            await faults.AfterCommitAsync(service, envelope);
            await channel.BasicAckAsync(delivery.DeliveryTag, multiple: false);
        }
        catch (SimulatedCrashException crashed)
        {
            // Dead processes acknowledge nothing: the service drops its connection, the broker redelivers.
            crash(crashed.Message);
        }
        catch (ConcurrencyConflictException)
        {
            await RequeueQuietlyAsync(channel, delivery.DeliveryTag);
        }
        catch (Exception exception) when (IsBrokerGone(exception) || channel.IsClosed)
        {
            // The broker (or our channel) went away mid-message: it is redelivered when the connection recovers.
            logger.LogDebug("{Service}: delivery of {Type} interrupted: {Error}", service, envelope.Type, exception.Message);
        }
#pragma warning disable CA1031 // a failed message is retried or dead-lettered, never allowed to stop the consumer
        catch (Exception exception)
#pragma warning restore CA1031
        {
            await RetryOrDeadLetterAsync(channel, delivery, body, envelope, attempt, exception);
        }
    }

    private async Task HandleInTransactionAsync(Envelope envelope)
    {
        await using var connection = await database.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var now = clock.GetUtcNow();
        if (await Inbox.TryRecordAsync(connection, transaction, schema, envelope, now, CancellationToken.None))
        {
            var outgoing = await handler.HandleAsync(new MessageContext(connection, transaction, envelope, now), CancellationToken.None);
            foreach (var message in outgoing)
            {
                await Outbox.EnqueueAsync(connection, transaction, schema, message, now);
            }
        }

        await transaction.CommitAsync();
    }

    private async Task RetryOrDeadLetterAsync(
        IChannel channel, BasicDeliverEventArgs delivery, byte[] body, Envelope envelope, int attempt, Exception exception)
    {
        try
        {
            if (attempt < maxAttempts)
            {
                // Back of the queue with its attempt counted (a requeue would not count it, and would retry forever).
                logger.LogInformation("{Service}: {Type} failed (attempt {Attempt} of {Max}): {Error}", service, envelope.Type, attempt, maxAttempts, exception.Message);
                await channel.BasicPublishAsync("", Queue, mandatory: true, SagaTopology.Properties(envelope, attempt + 1), body);
                await channel.BasicAckAsync(delivery.DeliveryTag, multiple: false);
                return;
            }

            await DeadLetterAsync(channel, delivery, body, envelope.MessageId, envelope.Type, attempt, exception.Message);
        }
        catch (Exception publishFailure) when (IsBrokerGone(publishFailure) || channel.IsClosed)
        {
            logger.LogDebug("{Service}: could not retry {Type}, it will be redelivered: {Error}", service, envelope.Type, publishFailure.Message);
        }
    }

    private async Task DeadLetterAsync(IChannel channel, BasicDeliverEventArgs delivery, byte[] body, Guid messageId, string type, int attempt, string error)
    {
        logger.LogWarning("{Service}: {Type} {MessageId} dead-lettered after {Attempts} attempt(s): {Error}", service, type, messageId, attempt, error);
        var properties = new BasicProperties
        {
            Persistent = true,
            ContentType = "application/json",
            MessageId = messageId.ToString(),
            Type = type,
            Headers = new Dictionary<string, object?>
            {
                ["x-queue"] = Queue,
                ["x-attempts"] = attempt,
                ["x-error"] = error.Length > 500 ? error[..500] : error,
            },
        };
        try
        {
            await channel.BasicPublishAsync(SagaTopology.DeadLetterExchange, "", mandatory: true, properties, body);
            await channel.BasicAckAsync(delivery.DeliveryTag, multiple: false);
        }
        catch (Exception exception) when (IsBrokerGone(exception) || channel.IsClosed)
        {
            logger.LogDebug("{Service}: dead-lettering interrupted, it will be redelivered: {Error}", service, exception.Message);
        }
    }

    private static async Task RequeueQuietlyAsync(IChannel channel, ulong deliveryTag)
    {
        try
        {
            await channel.BasicNackAsync(deliveryTag, multiple: false, requeue: true);
        }
        catch (Exception exception) when (IsBrokerGone(exception) || channel.IsClosed)
        {
        }
    }

    internal static int AttemptOf(IReadOnlyBasicProperties properties) =>
        properties.Headers is { } headers && headers.TryGetValue(SagaTopology.AttemptHeader, out var value) && value is int attempt ? attempt : 1;

    internal static string? HeaderText(IReadOnlyBasicProperties properties, string name) =>
        properties.Headers is { } headers && headers.TryGetValue(name, out var value)
            ? value switch { byte[] bytes => Encoding.UTF8.GetString(bytes), null => null, _ => value.ToString() }
            : null;

    private static bool IsBrokerGone(Exception exception) =>
        exception is RabbitMQ.Client.Exceptions.AlreadyClosedException or RabbitMQ.Client.Exceptions.OperationInterruptedException
            or ObjectDisposedException or IOException;
}
