using EduPlatform.Bff.Hosting;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace EduPlatform.Bff.Security;

/// <summary>
/// JWT bearer validation at the BFF: RS256 only, issuer, audience and lifetime checked against the Users service's key
/// set. A bad token is refused here with a 401 problem+json, before it costs four downstream calls (and before four
/// downstream 401s could turn into a 503 that blames the platform for the caller's token).
/// </summary>
public static class BffAuthentication
{
    public static IServiceCollection AddBffAuthentication(this IServiceCollection services, BffAuthOptions auth)
    {
        ArgumentNullException.ThrowIfNull(auth);
        var jwks = auth.JwksUrl ?? throw new InvalidOperationException(
            $"{BffAuthOptions.Section}:JwksUrl is required: the Users service's key set, e.g. http://127.0.0.1:5101/.well-known/jwks.json");

        services.AddHttpClient(nameof(BffAuthentication), client => client.Timeout = TimeSpan.FromSeconds(5));
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme).Configure<IHttpClientFactory>((options, clients) =>
        {
            options.MapInboundClaims = false; // keep "sub" as "sub"
            options.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = auth.Issuer,
                ValidAudience = auth.Audience,
                ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
                RequireSignedTokens = true,
                RequireExpirationTime = true,
                ClockSkew = auth.ClockSkew,
            };
            // Chapter 01 publishes a bare key set, no OpenID discovery document: read it as the configuration.
            options.ConfigurationManager = new ConfigurationManager<OpenIdConnectConfiguration>(
                jwks.ToString(), new KeySetAsConfiguration(),
                new HttpDocumentRetriever(clients.CreateClient(nameof(BffAuthentication))) { RequireHttps = false })
            {
                RefreshInterval = TimeSpan.FromSeconds(30), // a token with an unseen key id refetches at most this often
            };
            options.Events = new JwtBearerEvents
            {
                OnChallenge = async context =>
                {
                    context.HandleResponse();
                    context.Response.Headers.WWWAuthenticate = "Bearer";
                    await TypedResults.Problem(
                        statusCode: StatusCodes.Status401Unauthorized, title: "Not signed in", type: BffProblems.TypeBase + "unauthenticated",
                        detail: "A bearer token issued by the platform is required: it is missing, malformed, expired, or not signed by the platform.")
                        .ExecuteAsync(context.HttpContext);
                },
            };
        });
        services.AddAuthorization();
        services.AddHostedService<SigningKeysWarmUp>();
        return services;
    }

    private sealed class KeySetAsConfiguration : IConfigurationRetriever<OpenIdConnectConfiguration>
    {
        public async Task<OpenIdConnectConfiguration> GetConfigurationAsync(string address, IDocumentRetriever retriever, CancellationToken cancel)
        {
            var keySet = new JsonWebKeySet(await retriever.GetDocumentAsync(address, cancel));
            var configuration = new OpenIdConnectConfiguration { JwksUri = address, JsonWebKeySet = keySet };
            foreach (var key in keySet.GetSigningKeys())
            {
                configuration.SigningKeys.Add(key);
            }

            return configuration;
        }
    }
}
