using RabbitMQ.Client;

namespace EduPlatform.Saga.Messaging;

/// <summary>
/// The broker's side: one durable topic exchange where every message is published with its type as routing key, one
/// durable queue per service bound to the types it handles, and a dead-letter exchange with one queue where messages
/// go that failed all their attempts.
/// </summary>
public static class SagaTopology
{
    public const string Exchange = "saga";
    public const string DeadLetterExchange = "saga.dead-letters";
    public const string DeadLetterQueue = "dead-letters";

    public static async Task DeclareServiceQueueAsync(IChannel channel, string queue, IEnumerable<string> types, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(types);
        await DeclareExchangesAsync(channel, cancellationToken);
        await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false, cancellationToken: cancellationToken);
        foreach (var type in types)
        {
            await channel.QueueBindAsync(queue, Exchange, type, cancellationToken: cancellationToken);
        }
    }

    public static async Task DeclareExchangesAsync(IChannel channel, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channel);
        await channel.ExchangeDeclareAsync(Exchange, ExchangeType.Topic, durable: true, cancellationToken: cancellationToken);
        await channel.ExchangeDeclareAsync(DeadLetterExchange, ExchangeType.Fanout, durable: true, cancellationToken: cancellationToken);
        await channel.QueueDeclareAsync(DeadLetterQueue, durable: true, exclusive: false, autoDelete: false, cancellationToken: cancellationToken);
        await channel.QueueBindAsync(DeadLetterQueue, DeadLetterExchange, "", cancellationToken: cancellationToken);
    }

    /// <summary>The AMQP properties of a message: ids in the standard fields (any tool shows them), causation in a header.</summary>
    public static BasicProperties Properties(Envelope envelope, int attempt = 1)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        return new BasicProperties
        {
            Persistent = true, // written to disk by the broker: survives its restart
            ContentType = "application/json",
            MessageId = envelope.MessageId.ToString(),
            CorrelationId = envelope.CorrelationId.ToString(),
            Type = envelope.Type,
            Headers = new Dictionary<string, object?>
            {
                ["causation-id"] = envelope.CausationId?.ToString(),
                [AttemptHeader] = attempt,
            },
        };
    }

    public const string AttemptHeader = "x-attempt";
}
