namespace EduPlatform.Bff.Security;

/// <summary>
/// Section <c>Bff:Auth</c>: the tokens the BFF accepts are the platform's own (chapter 01's Users service issues them),
/// checked here before any downstream is called, and forwarded unchanged.
/// </summary>
public sealed class BffAuthOptions
{
    public const string Section = "Bff:Auth";

    /// <summary>The required <c>iss</c>. Default <c>eduplatform-users</c> (chapter 01's).</summary>
    public string Issuer { get; set; } = "eduplatform-users";

    /// <summary>The required <c>aud</c>. Default <c>eduplatform-api</c> (chapter 01's).</summary>
    public string Audience { get; set; } = "eduplatform-api";

    /// <summary>The Users service's key set, e.g. <c>http://127.0.0.1:5101/.well-known/jwks.json</c>. Required.</summary>
    public Uri? JwksUrl { get; set; }

    /// <summary>Tolerated clock difference with the issuer. Default 30 s.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);
}
