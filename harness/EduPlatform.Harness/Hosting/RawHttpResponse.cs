using System.Globalization;
using System.Text;

namespace EduPlatform.Harness.Hosting;

/// <summary>A response read off the wire by <see cref="RawHttpConnection"/>: status, headers (names lower-cased, repeats joined) and the body, de-chunked.</summary>
public sealed record RawHttpResponse(int Status, IReadOnlyDictionary<string, string> Headers, string Body)
{
    /// <summary>The media type of <c>Content-Type</c>, without parameters; null when there is none.</summary>
    public string? ContentType => Headers.GetValueOrDefault("content-type")?.Split(';')[0].Trim();

    /// <exception cref="InvalidOperationException">the bytes are not an HTTP/1.1 response (nothing came back, say).</exception>
    public static RawHttpResponse Parse(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        var headerEnd = bytes.AsSpan().IndexOf("\r\n\r\n"u8);
        var head = headerEnd < 0 ? "" : Encoding.ASCII.GetString(bytes, 0, headerEnd);
        if (!head.StartsWith("HTTP/1.1 ", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Not an HTTP/1.1 response ({bytes.Length} bytes): '{Encoding.UTF8.GetString(bytes)}'");
        }

        var lines = head.Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1], CultureInfo.InvariantCulture);
        var headers = lines.Skip(1).Select(line => line.Split(':', 2))
            .GroupBy(parts => parts[0].Trim().ToLowerInvariant(), parts => parts[1].Trim())
            .ToDictionary(group => group.Key, group => string.Join(", ", group));
        var body = bytes.AsSpan(headerEnd + 4);
        var chunked = headers.GetValueOrDefault("transfer-encoding")?.Equals("chunked", StringComparison.OrdinalIgnoreCase) == true;
        return new RawHttpResponse(status, headers, Encoding.UTF8.GetString(chunked ? Dechunk(body) : body));
    }

    private static byte[] Dechunk(ReadOnlySpan<byte> chunked)
    {
        using var body = new MemoryStream();
        while (!chunked.IsEmpty)
        {
            var lineEnd = chunked.IndexOf("\r\n"u8);
            var size = int.Parse(Encoding.ASCII.GetString(chunked[..lineEnd]).Split(';')[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
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
