using System.Net.Sockets;
using System.Text;

namespace EduPlatform.Harness.Hosting;

/// <summary>
/// HTTP/1.1 written by hand on a socket, for what <see cref="HttpClient"/> will not send: two Content-Length or Host
/// headers, broken chunked framing, a NUL in the path, a body that stops half-way. Ask the server to close after
/// answering (<c>Connection: close</c>, which <see cref="Request"/> adds), so an answer is whatever arrives until it closes.
/// </summary>
/// <example>
/// <code>
/// var answer = await RawHttpConnection.ExchangeAsync(instance.BaseAddress,
///     RawHttpConnection.Request("POST", "/orders", ["Content-Length: 4", "Content-Length: 9"], "null"), cancellationToken);
/// answer.Status.Should().Be(400);
/// </code>
/// </example>
public sealed class RawHttpConnection : IAsyncDisposable
{
    private readonly Socket _socket;

    private RawHttpConnection(Socket socket) => _socket = socket;

    public static async Task<RawHttpConnection> ConnectAsync(Uri server, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(server);
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(server.Host, server.Port, cancellationToken);
            return new RawHttpConnection(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Connects, sends <paramref name="request"/> whole, and reads the answer until the server closes.</summary>
    public static async Task<RawHttpResponse> ExchangeAsync(Uri server, byte[] request, CancellationToken cancellationToken = default)
    {
        await using var connection = await ConnectAsync(server, cancellationToken);
        await connection.SendAsync(request, cancellationToken);
        return await connection.ReadResponseAsync(cancellationToken);
    }

    /// <summary>
    /// The request line, <c>Host</c>, <c>Connection: close</c>, <paramref name="headers"/> as given (no framing added), and
    /// <paramref name="body"/>, in UTF-8. Append bytes of your own for a body that is not text.
    /// </summary>
    public static byte[] Request(string method, string target, IEnumerable<string> headers, string body = "")
    {
        ArgumentNullException.ThrowIfNull(headers);
        return Encoding.UTF8.GetBytes(
            $"{method} {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n{string.Concat(headers.Select(h => h + "\r\n"))}\r\n{body}");
    }

    /// <summary>Sends <paramref name="text"/> as UTF-8. Don't half-close afterwards: Kestrel takes a FIN for a client gone and drops the request.</summary>
    public Task SendAsync(string text, CancellationToken cancellationToken = default) => SendAsync(Encoding.UTF8.GetBytes(text), cancellationToken);

    public async Task SendAsync(byte[] bytes, CancellationToken cancellationToken = default) =>
        await _socket.SendAsync(bytes, SocketFlags.None, cancellationToken);

    /// <summary>Everything the server sends until it closes the connection, as one response.</summary>
    public async Task<RawHttpResponse> ReadResponseAsync(CancellationToken cancellationToken = default)
    {
        using var received = new MemoryStream();
        var buffer = new byte[8192];
        try
        {
            int read;
            while ((read = await _socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken)) > 0)
            {
                received.Write(buffer, 0, read);
            }
        }
        catch (SocketException) when (received.Length > 0)
        {
            // a reset after the answer (the server closing on a body it did not read) ends it like a close
        }

        return RawHttpResponse.Parse(received.ToArray());
    }

    public ValueTask DisposeAsync()
    {
        _socket.Dispose();
        return ValueTask.CompletedTask;
    }
}
