using System.Net.Sockets;
using System.Text;

namespace EduPlatform.EventStore.Tests.Hostile;

/// <summary>
/// One HTTP/1.1 request written byte for byte to a socket, for what HttpClient refuses to send (two Content-Length or
/// Host headers, broken chunked framing, non-ASCII header values), and the response read until the server closes
/// (send <c>Connection: close</c>). The body is as it came on the wire: still chunk-framed if the response was chunked.
/// </summary>
internal sealed record RawHttpExchange(int Status, string Headers, string Body)
{
    public static async Task<RawHttpExchange> SendAsync(Uri server, string request, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(server.Host, server.Port, cancellationToken);
        var stream = client.GetStream();
        // Latin-1, so a test can put any byte on the wire (a UTF-8 sequence is written as its bytes' characters).
        // No half-close after writing: Kestrel takes the client's FIN for a client gone and drops the request unanswered.
        await stream.WriteAsync(Encoding.Latin1.GetBytes(request), cancellationToken);

        using var received = new MemoryStream();
        await stream.CopyToAsync(received, cancellationToken);
        var text = Encoding.UTF8.GetString(received.ToArray());
        var headerEnd = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var head = headerEnd < 0 ? text : text[..headerEnd];
        var statusLine = head.Split("\r\n")[0].Split(' ');
        return new RawHttpExchange(
            statusLine.Length > 1 && int.TryParse(statusLine[1], out var status) ? status : 0,
            head,
            headerEnd < 0 ? "" : text[(headerEnd + 4)..]);
    }
}
