using System.Net;
using System.Net.Sockets;

namespace EduPlatform.Harness.Hosting;

/// <summary>Finds a TCP port on 127.0.0.1 that nothing is listening on right now.</summary>
/// <remarks>
/// The port is released before it is returned, so another process may take it first: callers
/// that can bind to port 0 themselves should. Out-of-process hosting retries on another port
/// when its first bind fails.
/// </remarks>
public static class FreeLoopbackPort
{
    public static int Find()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }
}
