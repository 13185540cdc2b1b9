using System.Net.Sockets;

namespace EduPlatform.Harness.Faults;

/// <summary>
/// Ends a TCP connection the abrupt way: an RST, not a FIN. A zero linger timeout makes the
/// close discard unsent data and reset the connection, which is what a crashed peer or a
/// dropped NAT entry looks like to the other side ("connection reset by peer").
/// </summary>
internal static class TcpReset
{
    public static void Reset(Socket socket)
    {
        try
        {
            socket.LingerState = new LingerOption(enable: true, seconds: 0);
        }
        catch (Exception ex) when (ex is ObjectDisposedException or SocketException)
        {
            // Already closed: there is nothing left to reset.
            return;
        }

        socket.Dispose();
    }
}
