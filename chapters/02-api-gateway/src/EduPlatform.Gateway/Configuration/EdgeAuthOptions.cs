namespace EduPlatform.Gateway.Configuration;

/// <summary>Section <c>Gateway:Auth</c>: what a token must look like to pass the edge.</summary>
public sealed class EdgeAuthOptions
{
    public const string Section = GatewayOptions.Section + ":" + nameof(GatewayOptions.Auth);

    /// <summary>
    /// The auth service's public keys (chapter 01's Users service publishes them at
    /// <c>/.well-known/jwks.json</c>). Required. Fetched on first use, cached, refreshed hourly and
    /// refetched (at most every 30 s) when a token names a key id not seen yet: key rotation.
    /// </summary>
    public string? JwksUrl { get; set; }

    /// <summary>The <c>iss</c> every token must carry. Default <c>eduplatform-users</c> (chapter 01's issuer).</summary>
    public string Issuer { get; set; } = "eduplatform-users";

    /// <summary>The <c>aud</c> every token must carry. Default <c>eduplatform-api</c>.</summary>
    public string Audience { get; set; } = "eduplatform-api";

    /// <summary>Tolerated clock difference for <c>exp</c> and <c>nbf</c>. Default 30 s (the library's own default is 5 minutes: too generous at an edge).</summary>
    public int ClockSkewSeconds { get; set; } = 30;

    /// <summary>
    /// How long a token that passed full validation is remembered, so the same token skips the
    /// signature check (never past its own expiry). Default 300 s; 0 turns it off. See
    /// <c>CachingJsonWebTokenHandler</c> for what this trades.
    /// </summary>
    public int ValidatedTokenCacheSeconds { get; set; } = 300;
}
