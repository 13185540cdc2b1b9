using System.Net.Sockets;
using System.Text;
using EduPlatform.Harness.Waiting;

namespace EduPlatform.CircuitBreaker.Tests.CoursePage;

/// <summary>
/// HTTP/1.1 written by hand on a socket, for what <see cref="HttpClient"/> will not send: a body that stops half-way,
/// duplicate framing headers, a bare NUL. Every request asks the server to close the connection after answering, so an
/// answer is whatever arrives until the server closes.
/// </summary>
public sealed class RawHttp : IAsyncDisposable
{
    private readonly Socket _socket;

    private RawHttp(Socket socket) => _socket = socket;

    public static async Task<RawHttp> ConnectAsync(Uri server)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(server.Host, server.Port, CurrentTest.Cancellation);
        return new RawHttp(socket);
    }

    /// <summary>The request line and headers (Host and Connection: close added), and the first <paramref name="body"/> bytes.</summary>
    public static byte[] Request(string method, string target, IEnumerable<string> headers, string body = "") =>
        Encoding.UTF8.GetBytes(
            $"{method} {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n{string.Concat(headers.Select(h => h + "\r\n"))}\r\n{body}");

    public async Task SendAsync(byte[] bytes) => await _socket.SendAsync(bytes, SocketFlags.None, CurrentTest.Cancellation);

    public Task SendAsync(string text) => SendAsync(Encoding.UTF8.GetBytes(text));

    /// <summary>Everything the server sends until it closes the connection, as one response.</summary>
    public async Task<RawResponse> ReadResponseAsync()
    {
        var received = new MemoryStream();
        var buffer = new byte[8192];
        try
        {
            int read;
            while ((read = await _socket.ReceiveAsync(buffer, SocketFlags.None, CurrentTest.Cancellation)) > 0)
            {
                received.Write(buffer, 0, read);
            }
        }
        catch (SocketException) when (received.Length > 0)
        {
            // a reset after the answer (the server closing on a body it did not read) ends it like a close
        }

        return RawResponse.Parse(received.ToArray());
    }

    public ValueTask DisposeAsync()
    {
        _socket.Dispose();
        return ValueTask.CompletedTask;
    }
}

/// <summary>A response read off the wire: status, headers (names lower-cased) and the body, de-chunked.</summary>
public sealed record RawResponse(int Status, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public string? ContentType => Headers.GetValueOrDefault("content-type")?.Split(';')[0].Trim();

    public static RawResponse Parse(byte[] bytes)
    {
        var headerEnd = bytes.AsSpan().IndexOf("\r\n\r\n"u8);
        var head = headerEnd < 0 ? "" : Encoding.ASCII.GetString(bytes, 0, headerEnd);
        if (!head.StartsWith("HTTP/1.1 ", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"not an HTTP/1.1 response: '{Encoding.UTF8.GetString(bytes)}'");
        }

        var lines = head.Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        var headers = lines.Skip(1).Select(line => line.Split(':', 2))
            .GroupBy(parts => parts[0].Trim().ToLowerInvariant(), parts => parts[1].Trim())
            .ToDictionary(group => group.Key, group => string.Join(", ", group));
        var body = bytes.AsSpan(headerEnd + 4);
        return new RawResponse(status, headers,
            Encoding.UTF8.GetString(headers.GetValueOrDefault("transfer-encoding") == "chunked" ? Dechunk(body) : body));
    }

    private static byte[] Dechunk(ReadOnlySpan<byte> chunked)
    {
        var body = new MemoryStream();
        while (!chunked.IsEmpty)
        {
            var lineEnd = chunked.IndexOf("\r\n"u8);
            var size = Convert.ToInt32(Encoding.ASCII.GetString(chunked[..lineEnd]).Split(';')[0], 16);
            if (size == 0)
            {
                break;
            }

            body.Write(chunked.Slice(lineEnd + 2, size));
            chunked = chunked[(lineEnd + 2 + size + 2)..];
        }

        return body.ToArray();
    }
}
