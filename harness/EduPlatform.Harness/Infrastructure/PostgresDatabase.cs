namespace EduPlatform.Harness.Infrastructure;

/// <summary>A database of its own for one test (or class); dropped, with its connections, on dispose.</summary>
public sealed class PostgresDatabase : IAsyncDisposable
{
    private readonly PostgresResource _owner;

    internal PostgresDatabase(string name, string connectionString, PostgresResource owner)
    {
        Name = name;
        ConnectionString = connectionString;
        _owner = owner;
    }

    public string Name { get; }

    /// <summary>An Npgsql connection string: Host, Port, Username, Password, Database.</summary>
    public string ConnectionString { get; }

    public override string ToString() => Name;

    public async ValueTask DisposeAsync()
    {
        // Close this database's idle pooled connections; DROP ... WITH (FORCE) ends any others.
        using (var connection = new Npgsql.NpgsqlConnection(ConnectionString))
        {
            Npgsql.NpgsqlConnection.ClearPool(connection);
        }

        await _owner.DropDatabaseAsync(Name);
    }
}
