using System.Text;
using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Configurations;

namespace EduPlatform.Harness.Infrastructure.Containers;

/// <summary>Starts each resource from its <see cref="ContainerBlueprints"/> on the Docker engine that answered.</summary>
internal static class ContainerBackend
{
    public static async Task<IInfrastructureServer> StartPostgresAsync(string dockerEndpoint, CancellationToken cancellationToken)
    {
        var log = new StringBuilder();
        var container = ContainerBlueprints.Postgres(dockerEndpoint).WithOutputConsumer(Capture(log)).Build();
        await container.StartAsync(cancellationToken);
        return new ContainerServer(container, 5432, ContainerBlueprints.PostgresUser, ContainerBlueprints.PostgresPassword, log);
    }

    public static async Task<IInfrastructureServer> StartRedisAsync(string dockerEndpoint, CancellationToken cancellationToken)
    {
        var log = new StringBuilder();
        var container = ContainerBlueprints.Redis(dockerEndpoint).WithOutputConsumer(Capture(log)).Build();
        await container.StartAsync(cancellationToken);
        return new ContainerServer(container, 6379, "", "", log);
    }

    public static async Task<IRabbitMqServer> StartRabbitMqAsync(string dockerEndpoint, CancellationToken cancellationToken)
    {
        var log = new StringBuilder();
        var container = ContainerBlueprints.RabbitMq(dockerEndpoint).WithOutputConsumer(Capture(log)).Build();
        await container.StartAsync(cancellationToken);
        return new ContainerRabbitMqServer(container, log);
    }

    private static IOutputConsumer Capture(StringBuilder log) =>
        Consume.RedirectStdoutAndStderrToStream(new LogStream(log), new LogStream(log));

    /// <summary>A write-only stream that appends a container's output to a shared buffer.</summary>
    private sealed class LogStream(StringBuilder log) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count)
        {
            lock (log)
            {
                log.Append(Encoding.UTF8.GetString(buffer, offset, count));
            }
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
