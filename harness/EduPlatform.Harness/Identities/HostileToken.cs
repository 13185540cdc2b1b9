namespace EduPlatform.Harness.Identities;

/// <summary>
/// Tokens a correctly configured JWT validator must reject. Each is a valid token with exactly one
/// thing wrong, so a test that sees it accepted knows which check is missing.
/// </summary>
public enum HostileToken
{
    /// <summary>Expired an hour ago (well past the usual 5-minute clock skew).</summary>
    Expired,

    /// <summary>Valid from an hour from now (<c>nbf</c> in the future).</summary>
    NotYetValid,

    /// <summary>Issued by someone else (<c>iss</c> is not the issuer's).</summary>
    WrongIssuer,

    /// <summary>Meant for another API (<c>aud</c> is not the expected audience).</summary>
    WrongAudience,

    /// <summary>RS256-signed by a different key that claims the issuer's key id (<c>kid</c>): a forgery.</summary>
    SignedByAnotherKey,

    /// <summary><c>alg: none</c> and no signature at all.</summary>
    AlgorithmNone,

    /// <summary>A genuine token whose payload was edited afterwards (roles raised to admin), signature kept.</summary>
    TamperedPayload,

    /// <summary>HS256 "signed" with the issuer's public key as the HMAC secret: the algorithm-confusion attack.</summary>
    HmacSignedWithPublicKey,
}
