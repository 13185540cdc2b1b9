using System.Collections.Concurrent;
using EduPlatform.Harness.Faults;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;

namespace EduPlatform.Harness.Hosting;

/// <summary>
/// Kestrel connection middleware that knows every open connection of one in-process instance, so
/// a kill can reset them all with an RST, as a crashed process would. Kestrel's own abort closes
/// sockets gracefully (FIN), which a client reads as a clean end of stream, not as a crash.
/// </summary>
internal sealed class OpenConnections
{
    private readonly ConcurrentDictionary<string, ConnectionContext> _open = new();
    private volatile bool _killed;

    public int Count => _open.Count;

    public Func<ConnectionDelegate, ConnectionDelegate> Middleware => next => connection => TrackAsync(connection, next);

    /// <summary>Resets every open connection, and every one that arrives from now on.</summary>
    public void ResetAll()
    {
        _killed = true;
        foreach (var connection in _open.Values)
        {
            Reset(connection);
        }
    }

    private async Task TrackAsync(ConnectionContext connection, ConnectionDelegate next)
    {
        _open[connection.ConnectionId] = connection;
        try
        {
            // Checked after registering: a connection accepted while ResetAll runs is reset by one or the other.
            if (_killed)
            {
                Reset(connection);
                return;
            }

            await next(connection);
        }
        finally
        {
            _open.TryRemove(connection.ConnectionId, out _);
        }
    }

    private static void Reset(ConnectionContext connection)
    {
        if (connection.Features.Get<IConnectionSocketFeature>()?.Socket is { } socket)
        {
            TcpReset.Reset(socket);
        }

        connection.Abort(new ConnectionAbortedException("Killed by the test harness."));
    }
}
