using System.Buffers;

namespace EduPlatform.Gateway.Edge;

/// <summary>
/// <c>X-Correlation-Id</c>: kept when the caller sent a sane one (1 to 64 characters of letters,
/// digits and <c>-_.:</c>), otherwise a new one. The gateway forwards it to the service, returns it
/// on the response, writes it in the access log and in problem bodies: one id follows a request
/// through every hop. An insane value is replaced, not echoed: it would end up in logs.
/// </summary>
public static class CorrelationId
{
    public const string Header = "X-Correlation-Id";

    private const int MaxLength = 64;

    private static readonly SearchValues<char> Allowed =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.:");

    public static string FromOrCreate(IHeaderDictionary headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var incoming = headers[Header];
        return incoming.Count == 1 && IsSane(incoming[0]) ? incoming[0]! : Guid.NewGuid().ToString("N");
    }

    public static bool IsSane(string? value) =>
        value is { Length: > 0 and <= MaxLength } && !value.AsSpan().ContainsAnyExcept(Allowed);
}
