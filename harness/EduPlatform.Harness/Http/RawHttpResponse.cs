namespace EduPlatform.Harness.Http;

/// <summary>An HTTP/1.1 response as the server wrote it: the status, every header field in order, and the body (de-chunked).</summary>
public sealed record RawHttpResponse(int StatusCode, IReadOnlyList<KeyValuePair<string, string>> Headers, string Body)
{
    /// <summary>The first field named <paramref name="name"/> (case-insensitive), or null.</summary>
    public string? Header(string name) =>
        Headers.FirstOrDefault(field => string.Equals(field.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

    /// <summary>The media type of <c>Content-Type</c> without its parameters (<c>application/problem+json</c>), or null.</summary>
    public string? MediaType => Header("Content-Type")?.Split(';')[0].Trim();
}
