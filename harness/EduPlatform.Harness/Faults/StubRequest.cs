namespace EduPlatform.Harness.Faults;

/// <summary>One request a <see cref="DownstreamStub"/> received.</summary>
/// <param name="Method">GET, POST, ...</param>
/// <param name="Path">The path, without the query string.</param>
/// <param name="Query">The query string including its leading <c>?</c>, or empty.</param>
/// <param name="ReceivedAt">The stub's clock when the request arrived.</param>
public sealed record StubRequest(string Method, string Path, string Query, DateTimeOffset ReceivedAt);
