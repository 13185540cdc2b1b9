using System.Collections.Concurrent;
using EduPlatform.Harness.Infrastructure.Containers;
using EduPlatform.Harness.Infrastructure.External;
using EduPlatform.Harness.Infrastructure.Native;
using Npgsql;

namespace EduPlatform.Harness.Infrastructure;

/// <summary>
/// PostgreSQL for tests and load scenarios. Isolation is a fresh database per test (or class):
/// <c>CREATE DATABASE ... TEMPLATE</c> copies a template in milliseconds, so a chapter builds its
/// schema once into a named template (<see cref="EnsureTemplateAsync"/>) and every test clones it.
/// </summary>
public sealed class PostgresResource(InfrastructureContext context)
    : InfrastructureResource<IInfrastructureServer>(ResourceKind.PostgreSql, context)
{
    private readonly ConcurrentDictionary<string, Lazy<Task>> _templates = new();

    /// <summary>A connection string to the server's <c>postgres</c> database, for administration.</summary>
    public async Task<string> AdminConnectionStringAsync(CancellationToken cancellationToken = default) =>
        ConnectionStringFor(await GetServerAsync(cancellationToken), "postgres");

    /// <summary>
    /// Creates an empty database (or a copy of <paramref name="template"/>, made earlier with
    /// <see cref="EnsureTemplateAsync"/>) that only the caller uses. Disposing it drops it.
    /// </summary>
    public async Task<PostgresDatabase> CreateDatabaseAsync(string? template = null, CancellationToken cancellationToken = default)
    {
        var server = await GetServerAsync(cancellationToken);
        var name = $"wb_{Guid.NewGuid():N}"[..19];
        var source = template is null ? "template1" : TemplateDatabaseName(template);
        if (template is not null && !_templates.ContainsKey(template))
        {
            throw new InvalidOperationException(
                $"No template '{template}' was built in this run; call EnsureTemplateAsync(\"{template}\", ...) first.");
        }

        await using (var admin = new NpgsqlConnection(ConnectionStringFor(server, "postgres", pooling: false)))
        {
            await admin.OpenAsync(cancellationToken);
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\" TEMPLATE \"{source}\"", admin);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        return new PostgresDatabase(name, ConnectionStringFor(server, name), this);
    }

    /// <summary>
    /// Builds the template <paramref name="name"/> once per run by running <paramref name="build"/>
    /// (migrations, seed data) in it; later calls with the same name return at once.
    /// </summary>
    public async Task EnsureTemplateAsync(
        string name, Func<NpgsqlConnection, CancellationToken, Task> build, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var creation = _templates.GetOrAdd(name, _ => new Lazy<Task>(() => BuildTemplateAsync(name, build, cancellationToken)));
        try
        {
            await creation.Value;
        }
        catch
        {
            _templates.TryRemove(name, out _);
            throw;
        }
    }

    internal async Task DropDatabaseAsync(string name)
    {
        var server = await GetServerAsync();
        await using var admin = new NpgsqlConnection(ConnectionStringFor(server, "postgres", pooling: false));
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }

    protected override async Task<IInfrastructureServer> StartServerAsync(InfrastructureBackend backend, CancellationToken cancellationToken) =>
        backend switch
        {
            InfrastructureBackend.External => ExternalServer.Postgres(Context.Settings.ExternalPostgres!),
            InfrastructureBackend.Containers => await ContainerBackend.StartPostgresAsync(Context.Probe.AnsweringDockerEndpoint()!, cancellationToken),
            _ => await NativePostgresServer.StartAsync(NativeBinaries.FindPostgres()!, cancellationToken),
        };

    protected override async Task<string> ReadServerVersionAsync(IInfrastructureServer server, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(ConnectionStringFor(server, "postgres", pooling: false));
        await connection.OpenAsync(cancellationToken);
        return connection.PostgreSqlVersion.ToString();
    }

    private static string TemplateDatabaseName(string template) => $"wbt_{template}";

    private async Task BuildTemplateAsync(string name, Func<NpgsqlConnection, CancellationToken, Task> build, CancellationToken cancellationToken)
    {
        var server = await GetServerAsync(cancellationToken);
        var database = TemplateDatabaseName(name);
        await using (var admin = new NpgsqlConnection(ConnectionStringFor(server, "postgres", pooling: false)))
        {
            await admin.OpenAsync(cancellationToken);
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync(cancellationToken);
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database}\"", admin);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        // No pooling: a pooled idle connection to the template would make every clone fail with
        // "source database is being accessed by other users".
        await using var connection = new NpgsqlConnection(ConnectionStringFor(server, database, pooling: false));
        await connection.OpenAsync(cancellationToken);
        await build(connection, cancellationToken);
    }

    private static string ConnectionStringFor(IInfrastructureServer server, string database, bool pooling = true)
    {
        // External servers keep every option they were given (TLS, timeouts); the others are built
        // from host and port. Either way the result is an ordinary Npgsql connection string.
        var builder = server is ExternalServer external
            ? new NpgsqlConnectionStringBuilder(external.ConnectionString)
            : new NpgsqlConnectionStringBuilder
            {
                Host = server.Endpoint.Host,
                Port = server.Endpoint.Port,
                Username = server.Endpoint.Username,
                Password = server.Endpoint.Password,
            };
        builder.Database = database;
        if (!pooling)
        {
            builder.Pooling = false;
        }

        return builder.ConnectionString;
    }
}
