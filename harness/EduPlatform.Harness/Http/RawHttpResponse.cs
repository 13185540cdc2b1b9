namespace EduPlatform.Harness.Http;

/// <summary>A response read off the wire by <see cref="RawHttp"/>: status, headers as sent (names case-insensitive), body decoded from its framing.</summary>
public sealed record RawHttpResponse(int StatusCode, IReadOnlyDictionary<string, string> Headers, string Body)
{
    /// <summary>The media type of <c>Content-Type</c> (<c>application/problem+json</c>), without parameters; empty when there is none.</summary>
    public string MediaType =>
        Headers.TryGetValue("Content-Type", out var type) ? type.Split(';')[0].Trim() : "";

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    public override string ToString() => $"{StatusCode} {MediaType} {Body}";
}
