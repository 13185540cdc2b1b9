using EduPlatform.Gateway.Configuration;
using EduPlatform.Gateway.Edge;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace EduPlatform.Gateway.Security;

/// <summary>
/// JWT validation at the edge: RS256 only, signed by a key of the auth service's JWKS, with the
/// configured issuer and audience, within its lifetime give or take a small skew. Deny by default:
/// every route needs a valid token unless its YARP config says <c>"AuthorizationPolicy": "Anonymous"</c>.
/// Failures are problem+json: 401 for a missing or bad token, 503 when the keys cannot be fetched
/// (the platform's fault, not the caller's).
/// </summary>
public static class EdgeAuthentication
{
    private const string KeysUnavailable = "eduplatform.gateway.keys-unavailable";

    public static IServiceCollection AddEdgeAuthentication(this IServiceCollection services, EdgeAuthOptions auth)
    {
        ArgumentNullException.ThrowIfNull(auth);
        services.AddHttpClient(nameof(JwksOnlyConfigurationRetriever), client => client.Timeout = TimeSpan.FromSeconds(5));
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme).Configure<IHttpClientFactory, TimeProvider>((options, clients, time) =>
        {
            options.TokenHandlers.Clear();
            options.TokenHandlers.Add(new CachingJsonWebTokenHandler(TimeSpan.FromSeconds(auth.ValidatedTokenCacheSeconds), time) { MapInboundClaims = false });
            // Keep the token's own claim names (sub, role, scope, client_id), not WS-* URIs.
            options.MapInboundClaims = false;
            options.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = auth.Issuer,
                ValidAudience = auth.Audience,
                ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
                RequireSignedTokens = true,
                RequireExpirationTime = true,
                ClockSkew = TimeSpan.FromSeconds(auth.ClockSkewSeconds),
                NameClaimType = "sub",
                RoleClaimType = "role",
                // exp and nbf on the gateway's clock, the one the memory of validated tokens uses too (the library's own
                // check reads the system clock; its clock setting is not public).
                LifetimeValidator = (notBefore, expires, _, parameters) => IsWithinLifetime(time.GetUtcNow().UtcDateTime, notBefore, expires, parameters.ClockSkew),
            };
            options.ConfigurationManager = new ConfigurationManager<OpenIdConnectConfiguration>(
                auth.JwksUrl!,
                new JwksOnlyConfigurationRetriever(),
                // Loopback and in-cluster HTTP here; production puts TLS in front.
                new HttpDocumentRetriever(clients.CreateClient(nameof(JwksOnlyConfigurationRetriever))) { RequireHttps = false })
            {
                AutomaticRefreshInterval = TimeSpan.FromHours(1),
                // An unknown key id (the issuer rotated its key) triggers a refetch, at most this often.
                RefreshInterval = TimeSpan.FromSeconds(30),
            };
            options.Events = new JwtBearerEvents
            {
                OnAuthenticationFailed = async context =>
                {
                    if (!await WasJudgedAsync(context))
                    {
                        context.HttpContext.Items[KeysUnavailable] = true;
                    }
                },
                OnChallenge = WriteChallengeAsync,
                OnForbidden = context => GatewayProblem.WriteAsync(context.HttpContext, StatusCodes.Status403Forbidden,
                    "Forbidden", "The token is valid but does not allow this request."),
            };
        });

        services.AddAuthorization(authorization =>
        {
            // Routes that name no policy need an authenticated caller: a route forgotten in
            // configuration is closed, not open.
            // YARP's reserved value "Anonymous" opens a route on purpose.
            authorization.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();
        });
        return services;
    }

    /// <summary>
    /// A request that carries credentials the gateway could not verify is refused on every route,
    /// anonymous ones included: the gateway never forwards a token it has not verified, and a
    /// caller with a broken token learns so at once instead of being served as a stranger.
    /// </summary>
    public static IApplicationBuilder UseRejectionOfUnverifiedCredentials(this IApplicationBuilder app) =>
        app.Use((context, next) =>
            context.Request.Headers.Authorization.Count > 0 && context.User.Identity?.IsAuthenticated != true
                ? context.ChallengeAsync()
                : next(context));

    /// <summary>
    /// Whether the token itself was judged (401), or could not be, because the auth service's signing keys could not
    /// be fetched (503). A malformed token (<c>abc</c>, two parts, bad base64) is judged without any key: the handler
    /// refuses it with a <see cref="SecurityTokenMalformedException"/>, an ArgumentException. Any other failure is
    /// judged only if the keys are there: without them the handler reports a missing key, a SecurityTokenException like
    /// any bad signature, so the exception's type cannot tell the two apart; the key set can (the configuration
    /// manager hands back its cached keys, or throws when it has none and cannot fetch them).
    /// </summary>
    private static async Task<bool> WasJudgedAsync(AuthenticationFailedContext context)
    {
        if (context.Exception is ArgumentException || context.Options.ConfigurationManager is not { } keys)
        {
            return true;
        }

        try
        {
            return (await keys.GetConfigurationAsync(context.HttpContext.RequestAborted)).SigningKeys.Count > 0;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>A token without <c>exp</c> is never within its lifetime (<c>RequireExpirationTime</c>); the skew widens both ends.</summary>
    private static bool IsWithinLifetime(DateTime now, DateTime? notBefore, DateTime? expires, TimeSpan skew) =>
        expires is { } expiry && now <= expiry + skew && (notBefore is not { } start || now >= start - skew);

    private static Task WriteChallengeAsync(JwtBearerChallengeContext context)
    {
        context.HandleResponse();
        var http = context.HttpContext;
        if (http.Items.ContainsKey(KeysUnavailable))
        {
            http.Response.Headers.RetryAfter = "5";
            return GatewayProblem.WriteAsync(http, StatusCodes.Status503ServiceUnavailable, "Token keys unavailable",
                "The auth service's signing keys could not be fetched, so the token could not be checked. Try again shortly.");
        }

        var presented = context.AuthenticateFailure is not null || http.Request.Headers.Authorization.Count > 0;
        http.Response.Headers.WWWAuthenticate = presented ? "Bearer error=\"invalid_token\"" : "Bearer";
        return GatewayProblem.WriteAsync(http, StatusCodes.Status401Unauthorized,
            presented ? "Invalid token" : "Authentication required",
            presented
                ? "The bearer token is malformed, expired, not yet valid, or not signed by the platform's auth service for this audience."
                : "This route needs a bearer token from the platform's auth service.");
    }
}
