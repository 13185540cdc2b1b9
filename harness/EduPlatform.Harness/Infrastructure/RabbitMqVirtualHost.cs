namespace EduPlatform.Harness.Infrastructure;

/// <summary>A RabbitMQ virtual host of its own for one test; deleted on dispose.</summary>
public sealed class RabbitMqVirtualHost : IAsyncDisposable
{
    private readonly IRabbitMqServer _server;
    private int _deleted;

    internal RabbitMqVirtualHost(string name, Uri uri, IRabbitMqServer server)
    {
        Name = name;
        Uri = uri;
        _server = server;
    }

    public string Name { get; }

    /// <summary>The AMQP URI of this virtual host, for <c>ConnectionFactory.Uri</c>.</summary>
    public Uri Uri { get; }

    /// <summary>The same URI as a string: amqp://user:password@host:port/vhost.</summary>
    public string ConnectionString => Uri.ToString();

    public override string ToString() => Name;

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _deleted, 1) == 0)
        {
            await _server.DeleteVirtualHostAsync(Name, CancellationToken.None);
        }
    }
}
