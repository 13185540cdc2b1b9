using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace EduPlatform.Harness.Http;

/// <summary>
/// Sends a request exactly as written, byte for byte, to an HTTP/1.1 server on a fresh connection, and reads the one
/// response: for the requests <see cref="HttpClient"/> will not send, which are the ones a hostile-input suite needs
/// (two fields of one header, a lower-case method, broken chunked framing, raw bytes in the target).
/// </summary>
/// <example>
/// <code>
/// var response = await RawHttp.SendAsync(app.BaseAddress,
///     "POST /charges HTTP/1.1\r\nHost: x\r\nIdempotency-Key: a\r\nIdempotency-Key: b\r\nContent-Length: 2\r\n\r\n{}", ct);
/// response.StatusCode.Should().Be(400);
/// </code>
/// </example>
public static class RawHttp
{
    /// <summary>How long the whole exchange may take before it is abandoned. A server that never answers fails the caller, it does not hang it.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    /// <summary>Sends <paramref name="request"/> (its text as UTF-8, lines ending in <c>\r\n</c>) and reads the response.</summary>
    public static Task<RawHttpResponse> SendAsync(Uri server, string request, CancellationToken cancellationToken) =>
        SendAsync(server, Encoding.UTF8.GetBytes(request ?? throw new ArgumentNullException(nameof(request))), cancellationToken);

    /// <summary>Sends <paramref name="request"/>'s bytes and reads the response.</summary>
    public static async Task<RawHttpResponse> SendAsync(Uri server, ReadOnlyMemory<byte> request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(server);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        using var client = new TcpClient { NoDelay = true };
        await client.ConnectAsync(server.Host, server.Port, timeout.Token);
        var stream = client.GetStream();
        await stream.WriteAsync(request, timeout.Token);
        await stream.FlushAsync(timeout.Token);
        return await ReadResponseAsync(new ResponseReader(stream), timeout.Token);
    }

    private static async Task<RawHttpResponse> ReadResponseAsync(ResponseReader reader, CancellationToken cancellationToken)
    {
        var statusLine = await reader.ReadLineAsync(cancellationToken)
                         ?? throw new IOException("The server closed the connection without a response.");
        var status = statusLine.Split(' ', 3);
        if (status.Length < 2 || !status[0].StartsWith("HTTP/", StringComparison.Ordinal) || !int.TryParse(status[1], CultureInfo.InvariantCulture, out var code))
        {
            throw new IOException($"Not an HTTP status line: '{statusLine}'.");
        }

        var headers = new List<KeyValuePair<string, string>>();
        while (await reader.ReadLineAsync(cancellationToken) is { Length: > 0 } line)
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            headers.Add(new(line[..colon].Trim(), line[(colon + 1)..].Trim()));
        }

        var response = new RawHttpResponse(code, headers, "");
        byte[] body;
        if (string.Equals(response.Header("Transfer-Encoding"), "chunked", StringComparison.OrdinalIgnoreCase))
        {
            body = await ReadChunkedAsync(reader, cancellationToken);
        }
        else if (response.Header("Content-Length") is { } length)
        {
            body = await reader.ReadExactlyAsync(int.Parse(length, CultureInfo.InvariantCulture), cancellationToken);
        }
        else
        {
            body = await reader.ReadToEndAsync(cancellationToken);
        }

        return response with { Body = Encoding.UTF8.GetString(body) };
    }

    private static async Task<byte[]> ReadChunkedAsync(ResponseReader reader, CancellationToken cancellationToken)
    {
        using var body = new MemoryStream();
        while (true)
        {
            var sizeLine = await reader.ReadLineAsync(cancellationToken) ?? throw new IOException("The chunked response ended early.");
            var size = int.Parse(sizeLine.Split(';')[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            if (size == 0)
            {
                // Trailers, then the empty line that ends the message.
                while (await reader.ReadLineAsync(cancellationToken) is { Length: > 0 })
                {
                }

                return body.ToArray();
            }

            body.Write(await reader.ReadExactlyAsync(size, cancellationToken));
            await reader.ReadLineAsync(cancellationToken); // the CRLF after the chunk's data
        }
    }

    /// <summary>Lines and counted bytes from the connection, through one buffer.</summary>
    private sealed class ResponseReader(NetworkStream stream)
    {
        private readonly byte[] _buffer = new byte[16 * 1024];
        private int _start;
        private int _end;

        public async Task<string?> ReadLineAsync(CancellationToken cancellationToken)
        {
            var line = new List<byte>();
            while (true)
            {
                if (_start == _end && !await FillAsync(cancellationToken))
                {
                    return line.Count == 0 ? null : Encoding.Latin1.GetString(line.ToArray());
                }

                var next = _buffer[_start++];
                if (next == '\n')
                {
                    return Encoding.Latin1.GetString(line.ToArray()).TrimEnd('\r');
                }

                line.Add(next);
            }
        }

        public async Task<byte[]> ReadExactlyAsync(int count, CancellationToken cancellationToken)
        {
            var bytes = new byte[count];
            for (var copied = 0; copied < count;)
            {
                if (_start == _end && !await FillAsync(cancellationToken))
                {
                    throw new IOException($"The response body ended after {copied} of {count} bytes.");
                }

                var take = Math.Min(count - copied, _end - _start);
                Array.Copy(_buffer, _start, bytes, copied, take);
                _start += take;
                copied += take;
            }

            return bytes;
        }

        public async Task<byte[]> ReadToEndAsync(CancellationToken cancellationToken)
        {
            using var body = new MemoryStream();
            do
            {
                body.Write(_buffer, _start, _end - _start);
                _start = _end;
            }
            while (await FillAsync(cancellationToken));

            return body.ToArray();
        }

        private async Task<bool> FillAsync(CancellationToken cancellationToken)
        {
            try
            {
                _start = 0;
                _end = await stream.ReadAsync(_buffer, cancellationToken);
            }
            catch (IOException exception) when (exception.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionReset })
            {
                // A server that refused the request may reset the connection once it has answered: what was read stands.
                _end = 0;
            }

            return _end > 0;
        }
    }
}
