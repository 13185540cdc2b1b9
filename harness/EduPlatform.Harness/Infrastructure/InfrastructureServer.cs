namespace EduPlatform.Harness.Infrastructure;

/// <summary>How to reach a server: the same shape whatever the backend.</summary>
public sealed record ServerEndpoint(string Host, int Port, string Username, string Password);

/// <summary>A running PostgreSQL, Redis or RabbitMQ server, from whichever backend started it.</summary>
public interface IInfrastructureServer : IAsyncDisposable
{
    InfrastructureBackend Backend { get; }

    ServerEndpoint Endpoint { get; }

    /// <summary>Where it runs, for diagnostics: a data folder, a container id, "external".</summary>
    string Location { get; }

    /// <summary>The last lines of the server's own log, shown when something goes wrong.</summary>
    string LogTail();
}

/// <summary>RabbitMQ adds virtual-host administration, the unit of isolation between tests.</summary>
public interface IRabbitMqServer : IInfrastructureServer
{
    Task CreateVirtualHostAsync(string name, CancellationToken cancellationToken);

    Task DeleteVirtualHostAsync(string name, CancellationToken cancellationToken);
}

/// <summary>
/// A server the harness can stop and start again with its data kept, as an operator's restart would: the same
/// address, the same durable state, every client connection dropped on the way.
/// </summary>
public interface IRestartableServer
{
    /// <summary>Stops the server gracefully, waits <paramref name="downtime"/>, starts it again and waits until it is ready.</summary>
    Task RestartAsync(TimeSpan downtime, CancellationToken cancellationToken);
}
