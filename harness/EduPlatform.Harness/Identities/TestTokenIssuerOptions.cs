namespace EduPlatform.Harness.Identities;

/// <summary>Settings of a <see cref="TestTokenIssuer"/>. Every property has a default.</summary>
public sealed record TestTokenIssuerOptions
{
    /// <summary>The audience tokens are minted for unless a request says otherwise. Default <c>eduplatform-api</c>.</summary>
    public string Audience { get; init; } = "eduplatform-api";

    /// <summary>The clock for <c>iat</c>, <c>nbf</c> and <c>exp</c>. Default the system clock.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>RSA key size in bits; a fresh key pair is generated per issuer. Default 2048.</summary>
    public int KeySize { get; init; } = 2048;
}
