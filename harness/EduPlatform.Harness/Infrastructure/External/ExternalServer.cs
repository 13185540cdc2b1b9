using Npgsql;
using StackExchange.Redis;

namespace EduPlatform.Harness.Infrastructure.External;

/// <summary>
/// A server someone else runs (a shared cluster, CI service containers), described by the
/// connection string in its WORKBOOK_* variable. The harness never starts or stops it; isolation
/// still holds (a database, logical database or virtual host per test), and it cleans up after itself.
/// </summary>
internal class ExternalServer(ResourceKind kind, string connectionString, ServerEndpoint endpoint) : IInfrastructureServer
{
    public InfrastructureBackend Backend => InfrastructureBackend.External;

    public ServerEndpoint Endpoint { get; } = endpoint;

    /// <summary>The connection string exactly as given, so options beyond host and port (TLS...) survive.</summary>
    public string ConnectionString { get; } = connectionString;

    public string Location => $"external ({InfrastructureSettings.VariableFor(kind)})";

    public string LogTail() => "(external server: its log is wherever its operator keeps it)";

    public virtual ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    public static ExternalServer Postgres(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        return new ExternalServer(
            ResourceKind.PostgreSql,
            connectionString,
            new ServerEndpoint(builder.Host ?? "localhost", builder.Port, builder.Username ?? "", builder.Password ?? ""));
    }

    public static ExternalServer Redis(string configuration)
    {
        var options = ConfigurationOptions.Parse(configuration);
        var (host, port) = options.EndPoints.FirstOrDefault() switch
        {
            System.Net.DnsEndPoint dns => (dns.Host, dns.Port),
            System.Net.IPEndPoint ip => (ip.Address.ToString(), ip.Port),
            _ => throw new InfrastructureUnavailableException(
                $"{InfrastructureSettings.RedisVariable}='{configuration}' names no endpoint; expected e.g. redis.local:6379."),
        };
        return new ExternalServer(
            ResourceKind.Redis, configuration, new ServerEndpoint(host, port == 0 ? 6379 : port, options.User ?? "", options.Password ?? ""));
    }
}

/// <summary>An external RabbitMQ; virtual hosts are made through its management API.</summary>
internal sealed class ExternalRabbitMqServer : ExternalServer, IRabbitMqServer
{
    private readonly RabbitMqManagementApi? _management;

    private ExternalRabbitMqServer(string uri, ServerEndpoint endpoint, RabbitMqManagementApi? management)
        : base(ResourceKind.RabbitMq, uri, endpoint) => _management = management;

    public static ExternalRabbitMqServer Create(string amqpUri, string? managementUrl)
    {
        if (!Uri.TryCreate(amqpUri, UriKind.Absolute, out var uri) || (uri.Scheme != "amqp" && uri.Scheme != "amqps"))
        {
            throw new InfrastructureUnavailableException(
                $"{InfrastructureSettings.RabbitMqVariable}='{amqpUri}' is not an AMQP URI; expected amqp://user:pass@host:5672/.");
        }

        var credentials = Uri.UnescapeDataString(uri.UserInfo).Split(':', 2);
        var user = credentials.Length > 0 && credentials[0].Length > 0 ? credentials[0] : "guest";
        var password = credentials.Length > 1 ? credentials[1] : "guest";
        var endpoint = new ServerEndpoint(uri.Host, uri.Port > 0 ? uri.Port : 5672, user, password);
        var management = managementUrl is null ? null : new RabbitMqManagementApi(new Uri(managementUrl), user, password);
        return new ExternalRabbitMqServer(amqpUri, endpoint, management);
    }

    public Task CreateVirtualHostAsync(string name, CancellationToken cancellationToken) =>
        Management.CreateVirtualHostAsync(name, cancellationToken);

    public Task DeleteVirtualHostAsync(string name, CancellationToken cancellationToken) =>
        Management.DeleteVirtualHostAsync(name, cancellationToken);

    public override ValueTask DisposeAsync()
    {
        _management?.Dispose();
        return base.DisposeAsync();
    }

    private RabbitMqManagementApi Management => _management ?? throw new InfrastructureUnavailableException(
        $"Tests get a RabbitMQ virtual host each, which needs the management API: set " +
        $"{InfrastructureSettings.RabbitMqManagementVariable} (e.g. http://mq.local:15672) beside {InfrastructureSettings.RabbitMqVariable}.");
}
