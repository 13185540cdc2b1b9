namespace EduPlatform.Harness.Infrastructure;

/// <summary>A Redis logical database of its own for one test; flushed and handed back on dispose.</summary>
public sealed class RedisDatabase : IAsyncDisposable
{
    private readonly Func<Task> _release;
    private int _released;

    internal RedisDatabase(int index, string connectionString, string keyPrefix, Func<Task> release)
    {
        Index = index;
        ConnectionString = connectionString;
        KeyPrefix = keyPrefix;
        _release = release;
    }

    /// <summary>The logical database number (never 0).</summary>
    public int Index { get; }

    /// <summary>A StackExchange.Redis configuration string whose default database is <see cref="Index"/>.</summary>
    public string ConnectionString { get; }

    /// <summary>A prefix unique to this lease, for code that namespaces its keys (e.g. a cache instance name).</summary>
    public string KeyPrefix { get; }

    public override string ToString() => $"db{Index}";

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            await _release();
        }
    }
}
