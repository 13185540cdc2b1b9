namespace EduPlatform.Platform.Hosting.Security;

/// <summary>
/// Section <c>Platform:Auth</c>: what a valid token looks like. The Users module issues tokens with
/// this issuer and audience; every module validates them against the same values.
/// </summary>
public sealed class PlatformAuthOptions
{
    public const string Section = "Platform:Auth";

    /// <summary>The <c>iss</c> the Users module writes and every module requires. Default <c>eduplatform-users</c>.</summary>
    public string Issuer { get; set; } = "eduplatform-users";

    /// <summary>The <c>aud</c> the Users module writes and every module requires. Default <c>eduplatform-api</c>.</summary>
    public string Audience { get; set; } = "eduplatform-api";

    /// <summary>
    /// Where the Users service publishes its keys, e.g. <c>http://127.0.0.1:5101/.well-known/jwks.json</c>.
    /// Required when the users module is not hosted in this process; when it is and this is empty, the
    /// keys are read in-process.
    /// </summary>
    public string? JwksUrl { get; set; }

    /// <summary>Tolerated clock difference between issuer and validator. Default 30 s.</summary>
    public int ClockSkewSeconds { get; set; } = 30;

    /// <summary>The configuration keys of this section (see <see cref="PlatformOptions.Keys"/>).</summary>
    public static class Keys
    {
        public const string Issuer = Section + ":" + nameof(PlatformAuthOptions.Issuer);
        public const string Audience = Section + ":" + nameof(PlatformAuthOptions.Audience);
        public const string JwksUrl = Section + ":" + nameof(PlatformAuthOptions.JwksUrl);
        public const string ClockSkewSeconds = Section + ":" + nameof(PlatformAuthOptions.ClockSkewSeconds);
    }

    public static PlatformAuthOptions From(IConfiguration configuration) =>
        configuration.GetSection(Section).Get<PlatformAuthOptions>() ?? new PlatformAuthOptions();
}
