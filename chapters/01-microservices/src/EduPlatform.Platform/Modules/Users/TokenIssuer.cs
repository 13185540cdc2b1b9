using EduPlatform.Platform.Hosting.Security;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace EduPlatform.Platform.Modules.Users;

/// <summary>Issues the platform's access tokens: RS256 JWTs with sub, name, role, email, the configured issuer and audience.</summary>
public sealed class TokenIssuer(SigningKeyStore keys, PlatformAuthOptions auth, UsersOptions options, TimeProvider time)
{
    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };

    /// <summary><see cref="UsersOptions.TokenLifetimeMinutes"/>, default 60.</summary>
    public TimeSpan Lifetime { get; } = TimeSpan.FromMinutes(options.TokenLifetimeMinutes);

    public async Task<string> IssueAsync(UserAccount user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        var key = await keys.GetAsync(cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        return _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = auth.Issuer,
            Audience = auth.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + Lifetime,
            SigningCredentials = key.Credentials,
            Claims = new Dictionary<string, object>
            {
                [AuthenticatedUser.SubjectClaim] = user.Id.ToString(),
                [AuthenticatedUser.NameClaim] = user.DisplayName,
                [AuthenticatedUser.RoleClaim] = user.Role,
                ["email"] = user.Email,
                [JwtRegisteredClaimNames.Jti] = Guid.NewGuid().ToString("N"),
            },
        });
    }
}
