using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace EduPlatform.Saga.Messaging;

/// <summary>Opens a connection that survives broker restarts: the client reconnects and re-subscribes by itself.</summary>
public static class BrokerConnection
{
    public static async Task<IConnection> OpenAsync(Uri uri, string name, ushort consumerConcurrency, CancellationToken cancellationToken)
    {
        var factory = new ConnectionFactory
        {
            Uri = uri,
            ClientProvidedName = name,
            AutomaticRecoveryEnabled = true,
            TopologyRecoveryEnabled = true,
            // The default is 5 s; a restarted broker is back sooner, and every second here is a second of saga latency.
            NetworkRecoveryInterval = TimeSpan.FromMilliseconds(500),
            ConsumerDispatchConcurrency = consumerConcurrency,
        };

        // At start the broker may be restarting (or not up yet): try for a while, as the recovery would.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            try
            {
                return await factory.CreateConnectionAsync(cancellationToken);
            }
            catch (BrokerUnreachableException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(250, cancellationToken);
            }
        }
    }
}
