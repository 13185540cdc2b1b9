using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;

namespace EduPlatform.Harness.Faults;

/// <summary>
/// A TCP proxy on 127.0.0.1 that sits in front of any endpoint (PostgreSQL, Redis, RabbitMQ,
/// HTTP) and injects network faults switched at run time: added latency, a black hole, resets of
/// every open connection, refusal of new ones. Point the client at <see cref="Host"/>:<see cref="Port"/>
/// instead of the real server.
/// </summary>
/// <remarks>
/// Faults apply to open connections at once and to new ones. <see cref="ClearFaults"/> heals
/// everything except connections already reset (those are gone, as they would be in production;
/// clients reconnect). Plain sockets, in process; about 16 KiB chunks; no TLS termination (TLS
/// passes through untouched).
/// </remarks>
public sealed class TcpFaultProxy : IAsyncDisposable
{
    private readonly ConcurrentDictionary<long, ProxiedConnection> _connections = new();
    private readonly CancellationTokenSource _disposing = new();
    private readonly object _gate = new();
    private Socket? _listener;
    private TaskCompletionSource _healed = CompletedSignal();
    private long _latencyTicks;
    private long _bytesToUpstream;
    private long _bytesToClient;
    private long _acceptedConnections;
    private long _nextConnectionId;

    private TcpFaultProxy(EndPoint upstream)
    {
        Upstream = upstream;
        _listener = Listen(port: 0);
        Port = ((IPEndPoint)_listener.LocalEndPoint!).Port;
        _ = AcceptLoopAsync(_listener);
    }

    /// <summary>Starts a proxy to <paramref name="upstreamHost"/>:<paramref name="upstreamPort"/>.</summary>
    public static TcpFaultProxy Start(string upstreamHost, int upstreamPort) =>
        Start(new DnsEndPoint(upstreamHost, upstreamPort));

    /// <summary>Starts a proxy to <paramref name="upstream"/>, listening on a free 127.0.0.1 port.</summary>
    public static TcpFaultProxy Start(EndPoint upstream)
    {
        ArgumentNullException.ThrowIfNull(upstream);
        return new TcpFaultProxy(upstream);
    }

    /// <summary>Where the proxy forwards to.</summary>
    public EndPoint Upstream { get; }

    /// <summary>Where clients connect: always 127.0.0.1.</summary>
    public static string Host => "127.0.0.1";

    /// <summary>The proxy's port; stays the same while it refuses and accepts again.</summary>
    public int Port { get; }

    /// <summary>
    /// Added to every chunk flowing from upstream back to the client, so each request/response
    /// round trip takes this much longer. Chunks are delayed, not serialised: throughput is kept.
    /// Default zero.
    /// </summary>
    public TimeSpan Latency
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _latencyTicks));
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero);
            Interlocked.Exchange(ref _latencyTicks, value.Ticks);
        }
    }

    /// <summary>
    /// While true, connections are accepted but nothing is forwarded either way (new connections
    /// are not even connected upstream): clients wait until their own timeouts fire, as with a
    /// dropped route. Bytes held meanwhile flow when it is switched off, as TCP retransmission
    /// would deliver them after a partition heals. Default false.
    /// </summary>
    public bool BlackHoled
    {
        get
        {
            lock (_gate)
            {
                return !_healed.Task.IsCompleted;
            }
        }
        set
        {
            lock (_gate)
            {
                if (value && _healed.Task.IsCompleted)
                {
                    _healed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                }
                else if (!value)
                {
                    _healed.TrySetResult();
                }
            }
        }
    }

    /// <summary>
    /// While true, the proxy does not listen: a new connection attempt is refused
    /// (ECONNREFUSED), open connections keep working. Default false.
    /// </summary>
    public bool RefusingConnections
    {
        get
        {
            lock (_gate)
            {
                return _listener is null;
            }
        }
        set
        {
            lock (_gate)
            {
                if (value && _listener is not null)
                {
                    _listener.Dispose();
                    _listener = null;
                }
                else if (!value && _listener is null && !_disposing.IsCancellationRequested)
                {
                    _listener = Listen(Port);
                    _ = AcceptLoopAsync(_listener);
                }
            }
        }
    }

    /// <summary>Connections open right now.</summary>
    public int OpenConnections => _connections.Count;

    /// <summary>Connections accepted since start.</summary>
    public long AcceptedConnections => Interlocked.Read(ref _acceptedConnections);

    /// <summary>Bytes delivered from clients to upstream.</summary>
    public long BytesToUpstream => Interlocked.Read(ref _bytesToUpstream);

    /// <summary>Bytes delivered from upstream to clients.</summary>
    public long BytesToClient => Interlocked.Read(ref _bytesToClient);

    /// <summary>
    /// Resets every open connection with an RST on both sides: the client sees "connection reset
    /// by peer" on its next read or write, the server sees the same. New connections are unaffected.
    /// </summary>
    /// <returns>How many connections were reset.</returns>
    public int ResetAllConnections()
    {
        var reset = 0;
        foreach (var connection in _connections.Values)
        {
            connection.Reset();
            reset++;
        }

        return reset;
    }

    /// <summary>No latency, no black hole, accepting connections again.</summary>
    public void ClearFaults()
    {
        Latency = TimeSpan.Zero;
        BlackHoled = false;
        RefusingConnections = false;
    }

    /// <summary>Stops listening and resets every open connection.</summary>
    public async ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            if (_disposing.IsCancellationRequested)
            {
                return;
            }

            _disposing.Cancel();
            _listener?.Dispose();
            _listener = null;
            _healed.TrySetResult();
        }

        ResetAllConnections();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (!_connections.IsEmpty && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        _disposing.Dispose();
    }

    /// <summary><c>Host=127.0.0.1;Port=N</c>-style endpoint text for connection strings: <c>127.0.0.1:N</c>.</summary>
    public string Address => $"{Host}:{Port}";

    public override string ToString() => $"TcpFaultProxy {Address} -> {Upstream}";

    private static Socket Listen(int port)
    {
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        // Re-listening on our own port after RefusingConnections must not trip over its TIME_WAIT sockets.
        listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, port));
        listener.Listen(backlog: 128);
        return listener;
    }

    private static TaskCompletionSource CompletedSignal()
    {
        var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        signal.SetResult();
        return signal;
    }

    private async Task AcceptLoopAsync(Socket listener)
    {
        while (true)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync();
            }
            catch (Exception ex) when (ex is ObjectDisposedException or SocketException or OperationCanceledException)
            {
                return; // the listener was closed: refusing, or disposed
            }

            Interlocked.Increment(ref _acceptedConnections);
            _ = ProxyAsync(client);
        }
    }

    private Task WhileBlackHoledAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return _healed.Task.WaitAsync(cancellationToken);
        }
    }

    private async Task ProxyAsync(Socket client)
    {
        var id = Interlocked.Increment(ref _nextConnectionId);
        using var connection = new ProxiedConnection(client);
        _connections[id] = connection;
        try
        {
            client.NoDelay = true;
            await WhileBlackHoledAsync(connection.Aborted);
            var upstream = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            if (!connection.AttachUpstream(upstream))
            {
                return; // reset while it waited
            }

            using var connectOrDispose = CancellationTokenSource.CreateLinkedTokenSource(connection.Aborted, _disposing.Token);
            await upstream.ConnectAsync(Upstream, connectOrDispose.Token);
            await Task.WhenAll(
                PumpAsync(client, upstream, connection, toClient: false),
                PumpAsync(upstream, client, connection, toClient: true));
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // Upstream down, a fault, or dispose: the client must see the connection fail abruptly.
            connection.Reset();
        }
        finally
        {
            _connections.TryRemove(id, out _);
        }
    }

    /// <summary>
    /// Copies one direction. Reading and writing are decoupled by a small queue so that latency
    /// delays each chunk by the same amount without slowing the stream down to one chunk per delay.
    /// </summary>
    private async Task PumpAsync(Socket from, Socket to, ProxiedConnection connection, bool toClient)
    {
        var aborted = connection.Aborted;
        var chunks = Channel.CreateBounded<(byte[] Data, int Length, long ReceivedAt)>(16);
        var reading = ReadAsync();
        try
        {
            await foreach (var (data, length, receivedAt) in chunks.Reader.ReadAllAsync(aborted))
            {
                await WhileBlackHoledAsync(aborted);
                if (toClient)
                {
                    // A timer may fire a little early: wait again until the monotonic clock says the latency has
                    // passed, so no chunk is ever delivered before it (the latency is a floor, never an average).
                    var due = receivedAt + (long)(Latency.TotalSeconds * Stopwatch.Frequency);
                    for (var left = TimeUntil(due); left > TimeSpan.Zero; left = TimeUntil(due))
                    {
                        await Task.Delay(left, aborted);
                    }
                }

                await to.SendAsync(data.AsMemory(0, length), aborted);
                Interlocked.Add(ref toClient ? ref _bytesToClient : ref _bytesToUpstream, length);
            }

            to.Shutdown(SocketShutdown.Send); // the peer sent FIN: pass it on
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException or OperationCanceledException
                                       or ChannelClosedException)
        {
            connection.Reset(); // one side broke: the other side sees it broken too
        }

        await reading;

        async Task ReadAsync()
        {
            try
            {
                while (true)
                {
                    var buffer = new byte[16 * 1024];
                    var read = await from.ReceiveAsync(buffer, aborted);
                    if (read == 0)
                    {
                        chunks.Writer.Complete();
                        return;
                    }

                    await chunks.Writer.WriteAsync((buffer, read, Stopwatch.GetTimestamp()), aborted);
                }
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException or OperationCanceledException)
            {
                chunks.Writer.TryComplete(ex);
            }
        }
    }

    private static TimeSpan TimeUntil(long timestamp) =>
        TimeSpan.FromSeconds((double)(timestamp - Stopwatch.GetTimestamp()) / Stopwatch.Frequency);

    /// <summary>A client socket and, once connected, its upstream socket; reset together.</summary>
    private sealed class ProxiedConnection(Socket client) : IDisposable
    {
        private readonly object _gate = new();
        private readonly CancellationTokenSource _aborted = new();
        private Socket? _upstream;

        /// <summary>Cancelled on reset: every pending read, write and wait of this connection stops.</summary>
        public CancellationToken Aborted => _aborted.Token;

        public bool AttachUpstream(Socket upstream)
        {
            lock (_gate)
            {
                if (_aborted.IsCancellationRequested)
                {
                    upstream.Dispose();
                    return false;
                }

                _upstream = upstream;
                return true;
            }
        }

        public void Reset()
        {
            lock (_gate)
            {
                if (_aborted.IsCancellationRequested)
                {
                    return;
                }

                // RST before cancelling: a cancelled socket operation would otherwise close gracefully first.
                TcpReset.Reset(client);
                if (_upstream is not null)
                {
                    TcpReset.Reset(_upstream);
                }

                _aborted.Cancel();
            }
        }

        public void Dispose()
        {
            lock (_gate)
            {
                client.Dispose();
                _upstream?.Dispose();
            }

            // _aborted is not disposed: late callers (a reset racing the end) may still read its token.
        }
    }
}
