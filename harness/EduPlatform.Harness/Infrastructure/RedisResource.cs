using EduPlatform.Harness.Infrastructure.Containers;
using EduPlatform.Harness.Infrastructure.External;
using EduPlatform.Harness.Infrastructure.Native;
using StackExchange.Redis;

namespace EduPlatform.Harness.Infrastructure;

/// <summary>
/// Redis for tests and load scenarios. Isolation is a logical database per test, written into the
/// connection string (<c>defaultDatabase=N</c>) so the code under test needs no special handling,
/// plus a unique key prefix for code that namespaces its keys itself.
/// </summary>
public sealed class RedisResource(InfrastructureContext context)
    : InfrastructureResource<IInfrastructureServer>(ResourceKind.Redis, context)
{
    private RedisDatabasePool? _pool;

    /// <summary>Rents a logical database only the caller uses; it is flushed and returned on dispose.</summary>
    public async Task<RedisDatabase> CreateDatabaseAsync(CancellationToken cancellationToken = default)
    {
        var server = await GetServerAsync(cancellationToken);
        var pool = _pool!;
        var index = await pool.RentAsync(cancellationToken);
        var prefix = $"wb:{Guid.NewGuid():N}"[..15] + ":";
        return new RedisDatabase(index, ConnectionStringFor(server, index), prefix, () => ReleaseAsync(server, pool, index));
    }

    protected override async Task<IInfrastructureServer> StartServerAsync(InfrastructureBackend backend, CancellationToken cancellationToken)
    {
        IInfrastructureServer server = backend switch
        {
            InfrastructureBackend.External => ExternalServer.Redis(Context.Settings.ExternalRedis!),
            InfrastructureBackend.Containers => await ContainerBackend.StartRedisAsync(Context.Probe.AnsweringDockerEndpoint()!, cancellationToken),
            _ => await NativeRedisServer.StartAsync(NativeBinaries.FindRedis()!, cancellationToken),
        };
        _pool = new RedisDatabasePool(backend == InfrastructureBackend.External
            ? RedisDatabasePool.ExternalDatabases
            : RedisDatabasePool.ContainerAndNativeDatabases);
        return server;
    }

    protected override async Task<string> ReadServerVersionAsync(IInfrastructureServer server, CancellationToken cancellationToken)
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync(ConnectionStringFor(server, 0));
        return connection.GetServers()[0].Version.ToString();
    }

    private static async Task ReleaseAsync(IInfrastructureServer server, RedisDatabasePool pool, int index)
    {
        // FLUSHDB is an admin command; the lease's own connection string does not allow it.
        await using (var admin = await ConnectionMultiplexer.ConnectAsync(ConnectionStringFor(server, index) + ",allowAdmin=true"))
        {
            await admin.GetServers()[0].FlushDatabaseAsync(index);
        }

        pool.Return(index);
    }

    private static string ConnectionStringFor(IInfrastructureServer server, int database)
    {
        var options = server is ExternalServer external
            ? ConfigurationOptions.Parse(external.ConnectionString)
            : new ConfigurationOptions { EndPoints = { { server.Endpoint.Host, server.Endpoint.Port } } };
        options.DefaultDatabase = database;
        options.AbortOnConnectFail = false;
        return options.ToString();
    }
}
