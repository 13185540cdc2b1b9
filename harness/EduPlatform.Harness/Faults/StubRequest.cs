namespace EduPlatform.Harness.Faults;

/// <summary>One request a <see cref="DownstreamStub"/> received.</summary>
/// <param name="Method">GET, POST, ...</param>
/// <param name="Path">The path, without the query string.</param>
/// <param name="Query">The query string including its leading <c>?</c>, or empty.</param>
/// <param name="ReceivedAt">The stub's clock when the request arrived.</param>
/// <param name="Headers">The request's headers, names case-insensitive, repeated values joined by commas.</param>
public sealed record StubRequest(string Method, string Path, string Query, DateTimeOffset ReceivedAt, IReadOnlyDictionary<string, string> Headers)
{
    /// <summary>The value of header <paramref name="name"/>, or null when the request did not carry it.</summary>
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}
