using Npgsql;

namespace EduPlatform.EventStore;

/// <summary>The store's schema (Schema.sql, embedded): tables, indexes and the append function.</summary>
public static class EventStoreSchema
{
    /// <summary>The whole schema script. Idempotent: run it at every start.</summary>
    public static string Sql { get; } = ReadEmbeddedScript();

    /// <summary>Creates or updates the schema in the database <paramref name="connection"/> is open on.</summary>
    public static async Task CreateAsync(NpgsqlConnection connection, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        // Two instances starting at once would race on CREATE ... IF NOT EXISTS (it is not atomic in
        // PostgreSQL); the advisory lock makes the second wait for the first.
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtext('eventstore.schema'))", connection, transaction))
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var command = new NpgsqlCommand(Sql, connection, transaction))
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public static async Task CreateAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await CreateAsync(connection, cancellationToken);
    }

    private static string ReadEmbeddedScript()
    {
        using var stream = typeof(EventStoreSchema).Assembly.GetManifestResourceStream("EduPlatform.EventStore.Schema.sql")
            ?? throw new InvalidOperationException("Schema.sql is not embedded in EduPlatform.EventStore.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
