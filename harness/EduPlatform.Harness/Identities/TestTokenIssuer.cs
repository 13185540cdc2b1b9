using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using EduPlatform.Harness.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace EduPlatform.Harness.Identities;

/// <summary>
/// A test identity provider: a fresh RSA key per instance, its JWKS and OpenID discovery document
/// served over HTTP on a 127.0.0.1 port (so JwtBearer, YARP or any OIDC-aware app fetch the keys
/// by URL, as in production), RS256 tokens with chosen subject, roles, client id and audience, and
/// <see cref="HostileToken">hostile tokens</see> a validator must reject.
/// </summary>
/// <example>
/// <code>
/// await using var identity = await TestTokenIssuer.StartAsync();
/// // app: AddJwtBearer(o => { o.Authority = identity.Authority; o.Audience = identity.Audience; o.RequireHttpsMetadata = false; })
/// var token = identity.CreateToken(new TestTokenRequest { Subject = "learner-7", Roles = ["learner"] });
/// var forged = identity.CreateHostileToken(HostileToken.SignedByAnotherKey);
/// </code>
/// </example>
public sealed class TestTokenIssuer : IAsyncDisposable
{
    private const string DiscoveryPath = "/.well-known/openid-configuration";
    private const string JwksPath = "/.well-known/jwks.json";

    private readonly RSA _rsa;
    private readonly RsaSecurityKey _signingKey;
    private readonly TestTokenIssuerOptions _options;
    private readonly JsonWebTokenHandler _handler = new();
    private ServiceInstance? _endpoint;
    private int _jwksRequests;

    private TestTokenIssuer(TestTokenIssuerOptions options)
    {
        _options = options;
        _rsa = RSA.Create(options.KeySize);
        KeyId = $"test-{Guid.NewGuid():N}"[..13];
        _signingKey = new RsaSecurityKey(_rsa) { KeyId = KeyId };
        PublicKey = new RsaSecurityKey(_rsa.ExportParameters(includePrivateParameters: false)) { KeyId = KeyId };
    }

    /// <summary>Generates a key pair and starts serving its JWKS and discovery document.</summary>
    public static async Task<TestTokenIssuer> StartAsync(TestTokenIssuerOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        var issuer = new TestTokenIssuer(options ?? new TestTokenIssuerOptions());
        issuer._endpoint = await ServiceHost.StartAsync(
            ServiceApp.Create("identity", _ => { }, issuer.MapEndpoints),
            new ServiceHostOptions { Readiness = ReadinessProbe.Http(JwksPath), MinimumLogLevel = LogLevel.Warning },
            cancellationToken);
        return issuer;
    }

    /// <summary>The <c>iss</c> of every genuine token, and the OpenID authority: <c>http://127.0.0.1:{port}</c>.</summary>
    public string Issuer => Endpoint.BaseAddress.GetLeftPart(UriPartial.Authority);

    /// <summary>Same as <see cref="Issuer"/>: what <c>JwtBearerOptions.Authority</c> takes (with <c>RequireHttpsMetadata = false</c>).</summary>
    public string Authority => Issuer;

    /// <summary>The OpenID discovery document's address (<c>JwtBearerOptions.MetadataAddress</c>).</summary>
    public Uri MetadataAddress => new(Endpoint.BaseAddress, DiscoveryPath);

    /// <summary>The JWKS document's address.</summary>
    public Uri JwksUri => new(Endpoint.BaseAddress, JwksPath);

    /// <summary>The default audience (<see cref="TestTokenIssuerOptions.Audience"/>).</summary>
    public string Audience => _options.Audience;

    /// <summary>The signing key's id (<c>kid</c>).</summary>
    public string KeyId { get; }

    /// <summary>The public half of the signing key, for apps that take a key instead of an authority.</summary>
    public SecurityKey PublicKey { get; }

    /// <summary>How many times the JWKS document was fetched (shows an app really went to the URL).</summary>
    public int JwksRequests => Volatile.Read(ref _jwksRequests);

    /// <summary>The JWKS document: the public key as RSA modulus and exponent.</summary>
    public string JwksJson
    {
        get
        {
            var parameters = _rsa.ExportParameters(includePrivateParameters: false);
            return new JsonObject
            {
                ["keys"] = new JsonArray(new JsonObject
                {
                    ["kty"] = "RSA",
                    ["use"] = "sig",
                    ["alg"] = SecurityAlgorithms.RsaSha256,
                    ["kid"] = KeyId,
                    ["n"] = Base64UrlEncoder.Encode(parameters.Modulus),
                    ["e"] = Base64UrlEncoder.Encode(parameters.Exponent),
                }),
            }.ToJsonString();
        }
    }

    /// <summary>What a correct validator checks, for code that validates tokens without fetching metadata.</summary>
    public TokenValidationParameters ValidationParameters => new()
    {
        ValidIssuer = Issuer,
        ValidAudience = Audience,
        IssuerSigningKey = PublicKey,
        ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
    };

    private ServiceInstance Endpoint => _endpoint ?? throw new InvalidOperationException("The issuer has not started.");

    /// <summary>A genuine RS256 token. With no request: subject <c>learner-1</c>, no roles, the default audience, 1 hour.</summary>
    public string CreateToken(TestTokenRequest? request = null)
    {
        request ??= new TestTokenRequest();
        var now = _options.Clock.GetUtcNow().UtcDateTime;
        return Mint(request, Issuer, request.Audience ?? Audience, issuedAt: now, notBefore: now, expires: now + request.Lifetime,
            new SigningCredentials(_signingKey, SecurityAlgorithms.RsaSha256));
    }

    /// <summary>A token that is genuine except for the one flaw <paramref name="kind"/> names.</summary>
    public string CreateHostileToken(HostileToken kind, TestTokenRequest? request = null)
    {
        request ??= new TestTokenRequest();
        var now = _options.Clock.GetUtcNow().UtcDateTime;
        var audience = request.Audience ?? Audience;
        var credentials = new SigningCredentials(_signingKey, SecurityAlgorithms.RsaSha256);
        switch (kind)
        {
            case HostileToken.Expired:
                return Mint(request, Issuer, audience, now.AddHours(-2), now.AddHours(-2), now.AddHours(-1), credentials);
            case HostileToken.NotYetValid:
                return Mint(request, Issuer, audience, now, now.AddHours(1), now.AddHours(2), credentials);
            case HostileToken.WrongIssuer:
                return Mint(request, "https://issuer.attacker.invalid", audience, now, now, now + request.Lifetime, credentials);
            case HostileToken.WrongAudience:
                return Mint(request, Issuer, "some-other-api", now, now, now + request.Lifetime, credentials);
            case HostileToken.SignedByAnotherKey:
                using (var otherRsa = RSA.Create(_options.KeySize))
                {
                    var impostor = new RsaSecurityKey(otherRsa) { KeyId = KeyId };
                    return Mint(request, Issuer, audience, now, now, now + request.Lifetime,
                        new SigningCredentials(impostor, SecurityAlgorithms.RsaSha256));
                }

            case HostileToken.AlgorithmNone:
                return Resign(CreateToken(request), new JsonObject { ["alg"] = "none", ["typ"] = "JWT" }, sign: null);
            case HostileToken.TamperedPayload:
                var (header, payload, signature) = Split(CreateToken(request));
                var claims = JsonNode.Parse(Base64UrlEncoder.Decode(payload))!.AsObject();
                claims["role"] = new JsonArray("admin");
                return $"{header}.{Base64UrlEncoder.Encode(claims.ToJsonString())}.{signature}";
            case HostileToken.HmacSignedWithPublicKey:
                var publicKeyPem = Encoding.UTF8.GetBytes(_rsa.ExportSubjectPublicKeyInfoPem());
                return Resign(CreateToken(request), new JsonObject { ["alg"] = "HS256", ["typ"] = "JWT", ["kid"] = KeyId },
                    sign: signingInput => HMACSHA256.HashData(publicKeyPem, signingInput));
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown hostile token.");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_endpoint is not null)
        {
            await _endpoint.DisposeAsync();
        }

        _rsa.Dispose();
    }

    private string Mint(TestTokenRequest request, string issuer, string audience, DateTime issuedAt, DateTime notBefore,
        DateTime expires, SigningCredentials credentials)
    {
        var claims = new Dictionary<string, object>(request.Claims)
        {
            [JwtRegisteredClaimNames.Sub] = request.Subject,
            [JwtRegisteredClaimNames.Jti] = Guid.NewGuid().ToString("N"),
        };
        if (request.Roles.Count > 0)
        {
            claims["role"] = request.Roles.ToArray();
        }

        if (request.ClientId is not null)
        {
            claims["client_id"] = request.ClientId;
        }

        if (request.Scopes.Count > 0)
        {
            claims["scope"] = string.Join(' ', request.Scopes);
        }

        return _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = issuedAt,
            NotBefore = notBefore,
            Expires = expires,
            Claims = claims,
            SigningCredentials = credentials,
        });
    }

    /// <summary>Keeps the payload, replaces the header and the signature (none when <paramref name="sign"/> is null).</summary>
    private static string Resign(string token, JsonObject header, Func<byte[], byte[]>? sign)
    {
        var (_, payload, _) = Split(token);
        var signingInput = $"{Base64UrlEncoder.Encode(header.ToJsonString())}.{payload}";
        var signature = sign is null ? "" : Base64UrlEncoder.Encode(sign(Encoding.ASCII.GetBytes(signingInput)));
        return $"{signingInput}.{signature}";
    }

    private static (string Header, string Payload, string Signature) Split(string token)
    {
        var parts = token.Split('.');
        return (parts[0], parts[1], parts[2]);
    }

    private void MapEndpoints(WebApplication app)
    {
        app.MapGet(DiscoveryPath, () => Results.Text(new JsonObject
        {
            ["issuer"] = Issuer,
            ["jwks_uri"] = JwksUri.ToString(),
            ["id_token_signing_alg_values_supported"] = new JsonArray(SecurityAlgorithms.RsaSha256),
            ["response_types_supported"] = new JsonArray("token"),
            ["subject_types_supported"] = new JsonArray("public"),
        }.ToJsonString(), "application/json"));
        app.MapGet(JwksPath, () =>
        {
            Interlocked.Increment(ref _jwksRequests);
            return Results.Text(JwksJson, "application/json");
        });
    }
}
