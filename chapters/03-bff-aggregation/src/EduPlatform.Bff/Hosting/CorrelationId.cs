using System.Buffers;

namespace EduPlatform.Bff.Hosting;

/// <summary>
/// <c>X-Correlation-Id</c>: taken from the request when it is 1 to 64 of <c>A-Z a-z 0-9 - _ . :</c>, made up otherwise
/// (a value outside that is refused with 400 by <see cref="RequestLimits"/>), answered back, and forwarded to every
/// downstream call, so one dashboard request can be followed through every service it touched.
/// </summary>
public static class CorrelationId
{
    public const string Header = "X-Correlation-Id";
    public const int MaxLength = 64;

    private static readonly SearchValues<char> Allowed =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.:");

    private static readonly object Key = new();

    public static bool IsValid(string value) =>
        value.Length is > 0 and <= MaxLength && !value.AsSpan().ContainsAnyExcept(Allowed);

    public static string Of(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Items.TryGetValue(Key, out var known) && known is string id)
        {
            return id;
        }

        var sent = context.Request.Headers[Header].ToString();
        id = IsValid(sent) ? sent : Guid.NewGuid().ToString("N");
        context.Items[Key] = id;
        return id;
    }
}
