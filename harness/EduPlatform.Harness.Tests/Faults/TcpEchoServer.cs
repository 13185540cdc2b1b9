using System.Net;
using System.Net.Sockets;

namespace EduPlatform.Harness.Tests.Faults;

/// <summary>A loopback TCP server that sends back every byte it receives: the simplest upstream to measure a proxy with.</summary>
internal sealed class TcpEchoServer : IDisposable
{
    private readonly Socket _listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

    public TcpEchoServer()
    {
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen();
        _ = AcceptLoopAsync();
    }

    public IPEndPoint EndPoint => (IPEndPoint)_listener.LocalEndPoint!;

    public void Dispose() => _listener.Dispose();

    private async Task AcceptLoopAsync()
    {
        try
        {
            while (true)
            {
                var connection = await _listener.AcceptAsync();
                _ = EchoAsync(connection);
            }
        }
        catch (Exception ex) when (ex is ObjectDisposedException or SocketException)
        {
            // Disposed.
        }
    }

    private static async Task EchoAsync(Socket connection)
    {
        using (connection)
        {
            var buffer = new byte[4096];
            try
            {
                int read;
                while ((read = await connection.ReceiveAsync(buffer)) > 0)
                {
                    await connection.SendAsync(buffer.AsMemory(0, read));
                }
            }
            catch (SocketException)
            {
                // Reset by the peer.
            }
        }
    }
}
