using System.Text;
using DotNet.Testcontainers.Containers;

namespace EduPlatform.Harness.Infrastructure.Containers;

/// <summary>A resource's server running in a Testcontainers container.</summary>
internal class ContainerServer(IContainer container, ushort containerPort, string user, string password, StringBuilder log)
    : IInfrastructureServer
{
    protected IContainer Container { get; } = container;

    public InfrastructureBackend Backend => InfrastructureBackend.Containers;

    public ServerEndpoint Endpoint { get; } =
        new(container.Hostname, container.GetMappedPublicPort(containerPort), user, password);

    public string Location => $"container {Container.Id[..Math.Min(12, Container.Id.Length)]} ({Container.Image.FullName})";

    public string LogTail()
    {
        lock (log)
        {
            var lines = log.ToString().Split('\n');
            return string.Join('\n', lines.TakeLast(60));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Container.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}

/// <summary>RabbitMQ in a container: virtual hosts are made with rabbitmqctl inside it.</summary>
internal sealed class ContainerRabbitMqServer(IContainer container, StringBuilder log)
    : ContainerServer(container, 5672, ContainerBlueprints.RabbitMqUser, ContainerBlueprints.RabbitMqPassword, log), IRabbitMqServer
{
    public async Task CreateVirtualHostAsync(string name, CancellationToken cancellationToken)
    {
        await RunAsync(["rabbitmqctl", "add_vhost", name], cancellationToken);
        await RunAsync(["rabbitmqctl", "set_permissions", "-p", name, ContainerBlueprints.RabbitMqUser, ".*", ".*", ".*"], cancellationToken);
    }

    public Task DeleteVirtualHostAsync(string name, CancellationToken cancellationToken) =>
        RunAsync(["rabbitmqctl", "delete_vhost", name], cancellationToken);

    private async Task RunAsync(IList<string> command, CancellationToken cancellationToken)
    {
        var result = await Container.ExecAsync(command, cancellationToken);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"'{string.Join(' ', command)}' failed in the RabbitMQ container (exit {result.ExitCode}): {result.Stderr}{result.Stdout}");
        }
    }
}
