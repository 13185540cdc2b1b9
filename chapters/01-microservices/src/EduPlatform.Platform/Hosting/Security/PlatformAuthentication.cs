using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Mvc;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace EduPlatform.Platform.Hosting.Security;

/// <summary>
/// JWT bearer validation for every module: RS256 only, issuer and audience from
/// <see cref="PlatformAuthOptions"/>, signing keys from the Users module's JWKS: over HTTP
/// (<c>Platform:Auth:JwksUrl</c>) when Users runs elsewhere, in-process in the monolith.
/// </summary>
public static class PlatformAuthentication
{
    private const string IssuerUnreachableKey = "eduplatform.auth.issuer-unreachable";

    public static IServiceCollection AddPlatformAuthentication(this IServiceCollection services, IConfiguration configuration, bool issuerHostedHere)
    {
        var auth = PlatformAuthOptions.From(configuration);
        if (string.IsNullOrWhiteSpace(auth.JwksUrl) && !issuerHostedHere)
        {
            throw new PlatformConfigurationException(
                "The users module is not hosted in this process, so this service cannot read the signing keys in-process: " +
                $"set {PlatformAuthOptions.Keys.JwksUrl} to the Users service's JWKS, e.g. --{PlatformAuthOptions.Keys.JwksUrl}=http://127.0.0.1:5101/.well-known/jwks.json");
        }

        services.AddSingleton(auth);
        services.AddHttpClient(nameof(JwksConfigurationRetriever), client => client.Timeout = TimeSpan.FromSeconds(5));
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme).Configure<IServiceProvider>((options, provider) =>
        {
            // Keep the token's claim names (sub, role, name) instead of the legacy WS-* URIs.
            options.MapInboundClaims = false;
            options.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = auth.Issuer,
                ValidAudience = auth.Audience,
                ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
                RequireSignedTokens = true,
                RequireExpirationTime = true,
                ClockSkew = TimeSpan.FromSeconds(auth.ClockSkewSeconds),
                NameClaimType = AuthenticatedUser.NameClaim,
                RoleClaimType = AuthenticatedUser.RoleClaim,
            };
            options.ConfigurationManager = string.IsNullOrWhiteSpace(auth.JwksUrl)
                ? new ConfigurationManager<OpenIdConnectConfiguration>(
                    "in-process", new JwksConfigurationRetriever(), new InProcessJwksDocumentRetriever(provider.GetRequiredService<IJwksDocumentSource>()))
                : new ConfigurationManager<OpenIdConnectConfiguration>(
                    auth.JwksUrl,
                    new JwksConfigurationRetriever(),
                    new HttpDocumentRetriever(provider.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(JwksConfigurationRetriever)))
                    {
                        // Loopback and in-cluster HTTP; put TLS in front in production.
                        RequireHttps = false,
                    })
                {
                    AutomaticRefreshInterval = TimeSpan.FromHours(1),
                    // A token signed by a key not seen yet triggers a refetch, at most this often.
                    RefreshInterval = TimeSpan.FromSeconds(30),
                };
            options.Events = new JwtBearerEvents
            {
                OnAuthenticationFailed = async context =>
                {
                    // A token whose key is not among the issuer's keys is either forged or could not be
                    // checked because the keys could not be fetched at all. The second is the platform's
                    // failure, not the caller's, so it must not look like a bad token: ask the (cached)
                    // configuration again, and if even that fails, answer 503 in the challenge below.
                    if (context.Exception is SecurityTokenSignatureKeyNotFoundException && context.Options.ConfigurationManager is { } keys)
                    {
                        try
                        {
                            await keys.GetConfigurationAsync(context.HttpContext.RequestAborted);
                        }
                        catch (InvalidOperationException)
                        {
                            context.HttpContext.Items[IssuerUnreachableKey] = true;
                        }
                    }
                },
                OnChallenge = async context =>
                {
                    if (context.HttpContext.Items.ContainsKey(IssuerUnreachableKey))
                    {
                        context.HandleResponse();
                        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                        context.Response.Headers.RetryAfter = "5";
                        await context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                        {
                            HttpContext = context.HttpContext,
                            ProblemDetails = new ProblemDetails
                            {
                                Status = StatusCodes.Status503ServiceUnavailable,
                                Title = "Token issuer unreachable",
                                Detail = "The signing keys of the Users service could not be fetched, so the token could not be checked.",
                            },
                        });
                    }
                },
            };
        });
        services.AddAuthorization();
        return services;
    }
}
