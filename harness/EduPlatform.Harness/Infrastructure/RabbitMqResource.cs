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
