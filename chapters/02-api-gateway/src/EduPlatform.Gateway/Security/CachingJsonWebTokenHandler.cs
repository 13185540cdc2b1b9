using System.Collections.Concurrent;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace EduPlatform.Gateway.Security;

/// <summary>
/// The JWT handler with a memory of tokens it has already verified. Checking an RS256 signature
/// and parsing the claims on every request is most of what JWT validation costs, and a client
/// sends the same token for an hour. A token that passed full validation is remembered until the
/// earlier of its own expiry (plus the allowed skew) and <c>Gateway:Auth:ValidatedTokenCacheSeconds</c>;
/// within that time the same token string skips the signature check. A rejected token is never
/// remembered, so every hostile token is checked in full every time.
///
/// The price, stated: a signing key removed from the JWKS (a compromised key) stops new tokens at
/// once, but a token already seen stays accepted for at most the cache time. Envoy's jwt_authn
/// and Kong make the same trade; set the seconds to 0 to turn it off.
/// </summary>
public sealed class CachingJsonWebTokenHandler(TimeSpan cacheFor, TimeProvider time) : JsonWebTokenHandler
{
    /// <summary>More distinct live tokens than this and the memory starts over (bounded memory, a burst of new tokens only costs verification).</summary>
    public const int MaxEntries = 50_000;

    private readonly ConcurrentDictionary<string, Verified> _verified = new(StringComparer.Ordinal);

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        ArgumentNullException.ThrowIfNull(validationParameters);
        var now = time.GetUtcNow();
        if (cacheFor > TimeSpan.Zero && _verified.TryGetValue(token, out var known))
        {
            if (now < known.Until)
            {
                return new TokenValidationResult
                {
                    IsValid = true,
                    // Each request gets its own identity: later code may add claims to it.
                    ClaimsIdentity = known.Result.ClaimsIdentity.Clone(),
                    SecurityToken = known.Result.SecurityToken,
                    Issuer = known.Result.Issuer,
                    TokenType = known.Result.TokenType,
                };
            }

            _verified.TryRemove(token, out _);
        }

        var result = await base.ValidateTokenAsync(token, validationParameters);
        if (cacheFor > TimeSpan.Zero && result.IsValid && result.SecurityToken is JsonWebToken jwt)
        {
            if (_verified.Count >= MaxEntries)
            {
                _verified.Clear();
            }

            var expires = new DateTimeOffset(jwt.ValidTo, TimeSpan.Zero) + validationParameters.ClockSkew;
            _verified[token] = new Verified(result, expires < now + cacheFor ? expires : now + cacheFor);
        }

        return result;
    }

    private sealed record Verified(TokenValidationResult Result, DateTimeOffset Until);
}
