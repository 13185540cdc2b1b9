using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace EduPlatform.Harness.Http;

/// <summary>
/// Sends bytes that no <see cref="HttpClient"/> would send (broken chunked framing, two <c>Content-Length</c> headers,
/// a request line of 20 KiB, a header value with raw UTF-8) and reads back what the server answered, whatever it is.
/// One request per connection (<c>Connection: close</c> is not added: the caller writes the request exactly); the
/// response is read until its own framing ends or the server closes the connection.
/// </summary>
/// <example>
/// <code>
/// var response = await RawHttp.SendAsync(gateway.BaseAddress,
///     "POST /api/auth/login HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffffffff\r\n", cancellationToken);
/// response.StatusCode.Should().Be(400);
/// </code>
/// </example>
public static class RawHttp
{
    /// <summary>Sends <paramref name="request"/> as UTF-8 bytes (header values that are not ASCII included) and reads the answer.</summary>
    public static Task<RawHttpResponse> SendAsync(Uri server, string request, CancellationToken cancellationToken) =>
        SendAsync(server, Encoding.UTF8.GetBytes(request ?? throw new ArgumentNullException(nameof(request))), cancellationToken);

    public static async Task<RawHttpResponse> SendAsync(Uri server, byte[] request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(request);
        using var client = new TcpClient();
        await client.ConnectAsync(server.Host, server.Port, cancellationToken);
        var stream = client.GetStream();
        try
        {
            await stream.WriteAsync(request, cancellationToken);
            await stream.FlushAsync(cancellationToken);
        }
        catch (IOException)
        {
            // The server may answer and close before it has read everything (a 431 for headers it would not read):
            // what it answered is still there to read.
        }

        return await ReadResponseAsync(new ResponseReader(stream), cancellationToken);
    }

    private static async Task<RawHttpResponse> ReadResponseAsync(ResponseReader reader, CancellationToken cancellationToken)
    {
        var statusLine = await reader.ReadLineAsync(cancellationToken)
                         ?? throw new IOException("The server closed the connection without answering.");
        var parts = statusLine.Split(' ', 3);
        if (parts.Length < 2 || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var status))
        {
            throw new IOException($"Not an HTTP status line: '{statusLine}'.");
        }

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        while (await reader.ReadLineAsync(cancellationToken) is { Length: > 0 } line)
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var (name, value) = (line[..colon].Trim(), line[(colon + 1)..].Trim());
            headers[name] = headers.TryGetValue(name, out var earlier) ? $"{earlier},{value}" : value;
        }

        byte[] body;
        if (headers.TryGetValue("Transfer-Encoding", out var coding) && coding.Contains("chunked", StringComparison.OrdinalIgnoreCase))
        {
            body = await reader.ReadChunkedAsync(cancellationToken);
        }
        else if (headers.TryGetValue("Content-Length", out var length))
        {
            body = await reader.ReadExactlyAsync(int.Parse(length, NumberStyles.None, CultureInfo.InvariantCulture), cancellationToken);
        }
        else
        {
            body = await reader.ReadToEndAsync(cancellationToken);
        }

        return new RawHttpResponse(status, headers, Encoding.UTF8.GetString(body));
    }

    /// <summary>Lines and bodies off one connection, through one buffer.</summary>
    private sealed class ResponseReader(Stream stream)
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
                if (next == (byte)'\n')
                {
                    return Encoding.Latin1.GetString(line.ToArray()).TrimEnd('\r');
                }

                line.Add(next);
            }
        }

        public async Task<byte[]> ReadExactlyAsync(int count, CancellationToken cancellationToken)
        {
            var body = new byte[count];
            var read = 0;
            while (read < count)
            {
                if (_start == _end && !await FillAsync(cancellationToken))
                {
                    throw new IOException($"The server closed the connection after {read} of {count} body bytes.");
                }

                var take = Math.Min(count - read, _end - _start);
                Array.Copy(_buffer, _start, body, read, take);
                (_start, read) = (_start + take, read + take);
            }

            return body;
        }

        public async Task<byte[]> ReadChunkedAsync(CancellationToken cancellationToken)
        {
            using var body = new MemoryStream();
            while (await ReadLineAsync(cancellationToken) is { } sizeLine)
            {
                var size = int.Parse(sizeLine.Split(';')[0].Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                if (size == 0)
                {
                    break;
                }

                body.Write(await ReadExactlyAsync(size, cancellationToken));
                await ReadLineAsync(cancellationToken);
            }

            return body.ToArray();
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
                _end = await stream.ReadAsync(_buffer, cancellationToken);
            }
            catch (IOException)
            {
                // A reset after the answer (the server closed with unread request bytes) ends the answer.
                _end = 0;
            }

            _start = 0;
            return _end > 0;
        }
    }
}
