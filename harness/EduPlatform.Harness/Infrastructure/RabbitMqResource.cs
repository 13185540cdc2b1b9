using System.Text;
using EduPlatform.Harness.Infrastructure.Containers;
using EduPlatform.Harness.Infrastructure.External;
using EduPlatform.Harness.Infrastructure.Native;
using RabbitMQ.Client;

namespace EduPlatform.Harness.Infrastructure;

/// <summary>
/// RabbitMQ for tests and load scenarios. Isolation is a virtual host per test: its own exchanges,
/// queues and bindings, so two tests may both declare "enrollments" without meeting.
/// </summary>
public sealed class RabbitMqResource(InfrastructureContext context)
    : InfrastructureResource<IRabbitMqServer>(ResourceKind.RabbitMq, context)
{
    /// <summary>Creates a virtual host only the caller uses; it is deleted, with everything in it, on dispose.</summary>
    public async Task<RabbitMqVirtualHost> CreateVirtualHostAsync(CancellationToken cancellationToken = default)
    {
        var server = await GetServerAsync(cancellationToken);
        var name = $"wb-{Guid.NewGuid():N}"[..15];
        await server.CreateVirtualHostAsync(name, cancellationToken);
        return new RabbitMqVirtualHost(name, AmqpUri(server, name), server);
    }

    /// <summary>
    /// Restarts the broker with its data, as an operator's restart would: every connection is dropped, the broker is
    /// down for <paramref name="downtime"/>, then it comes back on the same address with its virtual hosts, durable
    /// queues and persistent messages. Everything sharing this resource sees the restart, so a test that restarts
    /// the broker should own it (a <see cref="WorkbookInfrastructure"/> of its own, which starts only what is used).
    /// Native backend only: a container's port would change on restart, and an external broker is not ours to stop.
    /// </summary>
    public async Task RestartAsync(TimeSpan downtime = default, CancellationToken cancellationToken = default)
    {
        var server = await GetServerAsync(cancellationToken);
        if (server is not IRestartableServer restartable)
        {
            throw new NotSupportedException(
                $"The {server.Backend} RabbitMQ cannot be restarted by the harness; only the native backend can (WORKBOOK_INFRA=native).");
        }

        var clock = System.Diagnostics.Stopwatch.StartNew();
        await restartable.RestartAsync(downtime, cancellationToken);
        Context.Log($"[infrastructure] RabbitMq restarted in {clock.Elapsed.TotalSeconds:0.00} s ({downtime.TotalSeconds:0.0} s down), {server.Location}");
    }

    protected override async Task<IRabbitMqServer> StartServerAsync(InfrastructureBackend backend, CancellationToken cancellationToken) =>
        backend switch
        {
            InfrastructureBackend.External => ExternalRabbitMqServer.Create(Context.Settings.ExternalRabbitMq!, Context.Settings.ExternalRabbitMqManagement),
            InfrastructureBackend.Containers => await ContainerBackend.StartRabbitMqAsync(Context.Probe.AnsweringDockerEndpoint()!, cancellationToken),
            _ => await NativeRabbitMqServer.StartAsync(NativeBinaries.FindRabbitMq()!, cancellationToken),
        };

    protected override async Task<string> ReadServerVersionAsync(IRabbitMqServer server, CancellationToken cancellationToken)
    {
        // The broker announces its version in the AMQP handshake, whatever the backend.
        var factory = new ConnectionFactory { Uri = AmqpUri(server, "/") };
        await using var connection = await factory.CreateConnectionAsync(cancellationToken);
        return connection.ServerProperties is { } properties && properties.TryGetValue("version", out var version) && version is byte[] bytes
            ? Encoding.UTF8.GetString(bytes)
            : "unknown";
    }

    /// <summary>amqp://user:password@host:port/vhost, with the vhost escaped ("/" becomes %2F).</summary>
    internal static Uri AmqpUri(IRabbitMqServer server, string virtualHost)
    {
        var endpoint = server.Endpoint;
        var scheme = server is ExternalServer external && external.ConnectionString.StartsWith("amqps", StringComparison.Ordinal) ? "amqps" : "amqp";
        return new Uri(
            $"{scheme}://{Uri.EscapeDataString(endpoint.Username)}:{Uri.EscapeDataString(endpoint.Password)}@" +
            $"{endpoint.Host}:{endpoint.Port}/{Uri.EscapeDataString(virtualHost)}");
    }
}
