using System.Threading.Channels;

namespace EduPlatform.Harness.Infrastructure;

/// <summary>
/// Hands out Redis logical databases, one per test, and takes them back after they are flushed; a
/// caller waits when all are in use. Database 0 is never handed out: it is where a careless client
/// would write by default.
/// </summary>
internal sealed class RedisDatabasePool
{
    /// <summary>The native and container servers are started with this many logical databases.</summary>
    public const int ContainerAndNativeDatabases = 256;

    /// <summary>What an external server is assumed to have: Redis's default.</summary>
    public const int ExternalDatabases = 16;

    private readonly Channel<int> _free = Channel.CreateUnbounded<int>();

    public RedisDatabasePool(int databases)
    {
        for (var index = 1; index < databases; index++)
        {
            _free.Writer.TryWrite(index);
        }
    }

    public ValueTask<int> RentAsync(CancellationToken cancellationToken) => _free.Reader.ReadAsync(cancellationToken);

    public void Return(int database) => _free.Writer.TryWrite(database);
}
