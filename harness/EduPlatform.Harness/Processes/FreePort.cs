using System.Net;
using System.Net.Sockets;

namespace EduPlatform.Harness.Processes;

/// <summary>
/// Picks a free loopback TCP port by letting the kernel choose one. Another process may take the
/// port between this call and the server's bind; callers that start servers retry on a bind failure.
/// </summary>
public static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
