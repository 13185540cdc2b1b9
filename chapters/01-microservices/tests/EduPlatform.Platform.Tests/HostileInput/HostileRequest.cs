using System.Globalization;
using System.Text;
using EduPlatform.Harness.Hosting;
using EduPlatform.Harness.Identities;

namespace EduPlatform.Platform.Tests.HostileInput;

/// <summary>
/// Whose credential a hostile request carries, if any: Alice's genuine token, none, a malformed one, or a token with
/// exactly one flaw (<see cref="HostileToken"/>). <see cref="HostilePlatforms.AuthorizationAsync"/> turns it into the header.
/// </summary>
public sealed record Credential(string Name, HostileToken? Token = null)
{
    public static Credential None { get; } = new(nameof(None));

    public static Credential Alice { get; } = new(nameof(Alice));

    public static Credential Garbage { get; } = new(nameof(Garbage));

    public static Credential Basic { get; } = new(nameof(Basic));

    public static Credential Overlong { get; } = new(nameof(Overlong));

    public static Credential TwoFields { get; } = new(nameof(TwoFields));

    public static Credential NonAscii { get; } = new(nameof(NonAscii));

    /// <summary>Every credential a protected endpoint must refuse with a 401.</summary>
    public static IReadOnlyList<Credential> Refused { get; } =
        [None, Garbage, Basic, Overlong, TwoFields, NonAscii, .. Enum.GetValues<HostileToken>().Select(kind => new Credential(kind.ToString(), kind))];

    public override string ToString() => Name;
}

/// <summary>How the body is framed on the wire.</summary>
public enum Framing
{
    /// <summary><c>Content-Length</c> of the body's bytes (none without a body).</summary>
    Counted,

    /// <summary><c>Transfer-Encoding: chunked</c>, the body sent as given: the caller writes the chunks, broken ones included.</summary>
    RawChunked,

    /// <summary>No framing header from here: the case's own headers say it (two <c>Content-Length</c> fields).</summary>
    AsHeadersSay,
}

/// <summary>
/// What answer a hostile request must get: a problem from the platform (<see cref="Problem"/>), or a refusal by the
/// web server itself, before the platform's code runs, with an empty body (<see cref="ServerRefusal"/> says why).
/// </summary>
public sealed record Expected(int Status, string? ServerRefusal = null)
{
    public static Expected Problem(int status) => new(status);

    public static Expected RefusedByKestrel(int status, string why) => new(status, why);
}

/// <summary>
/// One hostile request, sent byte for byte (so duplicate fields, lower-case methods and broken framing reach the
/// server as written), and the answer it must get. The token placeholder is filled in per platform.
/// </summary>
public sealed record HostileRequest(string Name, string Module, string Method, string Target, Expected Expected)
{
    public Credential Credential { get; init; } = Credential.None;

    public byte[]? Body { get; init; }

    public string? ContentType { get; init; } = "application/json";

    public Framing Framing { get; init; } = Framing.Counted;

    /// <summary>Further header fields, in order; a name may repeat.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    public HostileRequest WithJson(string json) => this with { Body = Encoding.UTF8.GetBytes(json) };

    public HostileRequest WithHeader(string name, string value) => this with { Headers = [.. Headers, new(name, value)] };

    public override string ToString() => Name;

    /// <summary>The request on the wire, with <paramref name="authorization"/> as its <c>Authorization</c> field(s).</summary>
    public byte[] Render(IReadOnlyList<string> authorization)
    {
        ArgumentNullException.ThrowIfNull(authorization);
        var fields = authorization.Select(value => $"Authorization: {value}").Concat(Headers.Select(field => $"{field.Key}: {field.Value}")).ToList();
        if (Body is not null && ContentType is not null)
        {
            fields.Add($"Content-Type: {ContentType}");
        }

        switch (Framing)
        {
            case Framing.Counted when Body is not null:
                fields.Add(string.Create(CultureInfo.InvariantCulture, $"Content-Length: {Body.Length}"));
                break;
            case Framing.Counted when Method is "POST" or "PUT":
                fields.Add("Content-Length: 0");
                break;
            case Framing.RawChunked:
                fields.Add("Transfer-Encoding: chunked");
                break;
        }

        // Header values go out as UTF-8 (a non-ASCII value is sent as its bytes, as a careless client would); the body
        // as given, invalid UTF-8 included.
        return [.. RawHttpConnection.Request(Method, Target, fields), .. Body ?? []];
    }
}
