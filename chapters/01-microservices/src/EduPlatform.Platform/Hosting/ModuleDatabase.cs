using Npgsql;

namespace EduPlatform.Platform.Hosting;

/// <summary>
/// A module's own PostgreSQL database: its own connection string (<c>ConnectionStrings:{Module}</c>),
/// its own connection pool, its own schema. Data ownership is the rule that makes a module
/// deployable alone: no other module can join against these tables, so none can break when they change.
/// </summary>
public abstract class ModuleDatabase : IAsyncDisposable
{
    protected ModuleDatabase(string moduleName, IConfiguration configuration)
    {
        ModuleName = moduleName;
        var connectionString = RequireConnectionString(moduleName, configuration);
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        // Names the pool in pg_stat_activity, so "who holds the connections?" has an answer.
        builder.ConnectionStringBuilder.ApplicationName ??= $"eduplatform-{moduleName}";
        DataSource = builder.Build();
    }

    public string ModuleName { get; }

    /// <summary>The configuration key of a module's connection string, <c>ConnectionStrings:{module}</c> (keys are case-insensitive).</summary>
    public static string ConnectionStringKey(string moduleName) => $"ConnectionStrings:{moduleName}";

    /// <summary>The module's own connection string, <c>ConnectionStrings:{Module}</c>; a missing one stops the host with the key to set.</summary>
    public static string RequireConnectionString(string moduleName, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(moduleName);
        var connectionString = configuration.GetConnectionString(moduleName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new PlatformConfigurationException(
                $"The {moduleName} module needs its own database: set {ConnectionStringKey(Capitalized(moduleName))} " +
                $"(e.g. --{ConnectionStringKey(Capitalized(moduleName))}=\"Host=127.0.0.1;Port=5432;Username=postgres;Password=postgres;Database=eduplatform_{moduleName}\").");
        }

        return connectionString;
    }

    /// <summary>This module's pool. Only this module's code is handed it.</summary>
    public NpgsqlDataSource DataSource { get; }

    /// <summary>
    /// Creates the module's tables and demo data if they are missing. Idempotent, and safe when
    /// several instances of the service start at once: the DDL runs under a transaction-scoped
    /// advisory lock, because concurrent <c>CREATE TABLE IF NOT EXISTS</c> can still collide in
    /// PostgreSQL's catalog.
    /// </summary>
    public async Task EnsureSchemaAsync(CancellationToken cancellationToken)
    {
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtext($1))", connection, transaction))
        {
            lockCommand.Parameters.Add(new NpgsqlParameter { Value = $"eduplatform-schema-{ModuleName}" });
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }

        await CreateSchemaAsync(connection, transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>The module's DDL and seed data; runs inside <see cref="EnsureSchemaAsync"/>'s transaction.</summary>
    protected abstract Task CreateSchemaAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken);

    /// <summary>Runs DDL or seed statements (several, separated by semicolons) in the schema transaction.</summary>
    protected static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Runs one seed statement with positional parameters ($1, $2, ...) in the schema transaction.</summary>
    protected static async Task ExecuteAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, IEnumerable<object> parameters, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var value in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    private static string Capitalized(string name) => char.ToUpperInvariant(name[0]) + name[1..];
}
