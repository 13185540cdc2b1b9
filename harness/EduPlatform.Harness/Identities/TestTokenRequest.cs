namespace EduPlatform.Harness.Identities;

/// <summary>What a token minted by <see cref="TestTokenIssuer"/> says. Every property has a default.</summary>
public sealed record TestTokenRequest
{
    /// <summary><c>sub</c>. Default <c>learner-1</c>.</summary>
    public string Subject { get; init; } = "learner-1";

    /// <summary><c>role</c> claims (an array in the token). Default none.</summary>
    public IReadOnlyList<string> Roles { get; init; } = [];

    /// <summary><c>client_id</c>, the calling application. Default none (claim left out).</summary>
    public string? ClientId { get; init; }

    /// <summary><c>scope</c>, space-separated in the token. Default none (claim left out).</summary>
    public IReadOnlyList<string> Scopes { get; init; } = [];

    /// <summary><c>aud</c>. Default: the issuer's <see cref="TestTokenIssuer.Audience"/>.</summary>
    public string? Audience { get; init; }

    /// <summary>From <c>iat</c>/<c>nbf</c> (now, on the issuer's clock) to <c>exp</c>. Default 1 hour.</summary>
    public TimeSpan Lifetime { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Any further claims (string, number, bool or arrays of them). Default none.</summary>
    public IReadOnlyDictionary<string, object> Claims { get; init; } = new Dictionary<string, object>();
}
