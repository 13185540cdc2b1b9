using System.Net;
using System.Security.Cryptography;
using EduPlatform.Harness.Infrastructure;
using EduPlatform.Harness.Waiting;
using EduPlatform.Platform.Testing;
using EduPlatform.Platform.Tests.Support;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace EduPlatform.Platform.Tests.Auth;

/// <summary>
/// Login, the published keys, and what the modules refuse. The monolith here runs with a signing
/// key given in configuration (<c>Users:SigningKeyPem</c>), so the test can also mint the tokens an
/// attacker or a broken client would send (expired, wrong audience, wrong key, unsigned).
/// </summary>
public sealed class AuthenticationTests(InfrastructureFixture infrastructure, AuthenticationTests.ConfiguredKeyMonolith fixture)
    : IClassFixture<AuthenticationTests.ConfiguredKeyMonolith>
{
    private readonly RSA _platformKey = fixture.Key;
    private readonly PlatformSystem _platform = fixture.Platform;

    /// <summary>The monolith, signing with a key the test knows; shared by the class's tests.</summary>
    public sealed class ConfiguredKeyMonolith(InfrastructureFixture infrastructure) : IAsyncLifetime
    {
        public RSA Key { get; } = RSA.Create(2048);

        public PlatformSystem Platform { get; private set; } = null!;

        public async ValueTask InitializeAsync() =>
            Platform = await PlatformSystem.StartAsync(infrastructure,
                new PlatformSettings { Shape = PlatformShape.Monolith, SigningKeyPem = Key.ExportPkcs8PrivateKeyPem() }, CurrentTest.Cancellation);

        public async ValueTask DisposeAsync()
        {
            await Platform.DisposeAsync();
            Key.Dispose();
        }
    }

    [Fact]
    public async Task A_login_token_validates_against_the_published_jwks()
    {
        var token = await _platform.LoginAsync(DemoAccounts.Alice);
        using var jwksResponse = await _platform.Client(PlatformModules.Users).SendAsync(HttpMethod.Get, "/.well-known/jwks.json");
        jwksResponse.StatusCode.Should().Be(HttpStatusCode.OK);
        var jwks = new JsonWebKeySet(await jwksResponse.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        var published = jwks.Keys.Should().ContainSingle().Subject;
        published.Kty.Should().Be("RSA");
        published.Alg.Should().Be("RS256");
        Base64UrlEncoder.DecodeBytes(published.N).Should().Equal(_platformKey.ExportParameters(false).Modulus, "the configured key is the one published");
        published.D.Should().BeNull("a JWKS carries public keys only");

        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = "eduplatform-users",
            ValidAudience = "eduplatform-api",
            IssuerSigningKeys = jwks.GetSigningKeys(),
            ValidAlgorithms = ["RS256"],
        });
        result.IsValid.Should().BeTrue(result.Exception?.Message);
        var jwt = (JsonWebToken)result.SecurityToken;
        jwt.Alg.Should().Be("RS256");
        jwt.Kid.Should().Be(published.Kid);
        jwt.Subject.Should().Be(DemoAccounts.Alice.Id.ToString());
        jwt.GetClaim("role").Value.Should().Be("student");
        (jwt.ValidTo - jwt.ValidFrom).Should().Be(TimeSpan.FromMinutes(60));
    }

    [Fact]
    public async Task Bad_credentials_get_the_same_401_problem_whether_or_not_the_email_exists()
    {
        var users = _platform.Client(PlatformModules.Users);
        using var wrongPassword = await users.SendAsync(HttpMethod.Post, "/auth/login", content: PlatformHttp.Json(new { email = DemoAccounts.Alice.Email, password = "guess" }));
        using var unknownEmail = await users.SendAsync(HttpMethod.Post, "/auth/login", content: PlatformHttp.Json(new { email = "mallory@eduplatform.test", password = "guess" }));

        var first = await wrongPassword.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        var second = await unknownEmail.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        second.GetProperty("detail").GetString().Should().Be(first.GetProperty("detail").GetString(), "the answer must not reveal which emails have accounts");

        using var missingFields = await users.SendAsync(HttpMethod.Post, "/auth/login", content: PlatformHttp.Json("{}"));
        var validation = await missingFields.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        validation.GetProperty("errors").EnumerateObject().Select(error => error.Name).Should().BeEquivalentTo("email", "password");
    }

    [Fact]
    public async Task Modules_accept_a_well_formed_token_and_refuse_each_defective_one()
    {
        var courses = _platform.Client(PlatformModules.Courses);
        async Task<HttpStatusCode> StatusWith(string token)
        {
            using var response = await courses.SendAsync(HttpMethod.Get, "/api/courses/enrollments", token);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                await response.ShouldBeProblemAsync(response.StatusCode);
            }

            return response.StatusCode;
        }

        using var otherKey = RSA.Create(2048);
        var now = DateTime.UtcNow;

        (await StatusWith(Mint(_platformKey, now))).Should().Be(HttpStatusCode.OK, "a token like the Users module's, minted with its key, is valid: the refusals below are each for one defect");
        (await StatusWith(Mint(_platformKey, now.AddHours(-2), lifetime: TimeSpan.FromHours(1)))).Should().Be(HttpStatusCode.Unauthorized, "expired");
        (await StatusWith(Mint(_platformKey, now, audience: "another-api"))).Should().Be(HttpStatusCode.Unauthorized, "wrong audience");
        (await StatusWith(Mint(_platformKey, now, issuer: "someone-else"))).Should().Be(HttpStatusCode.Unauthorized, "wrong issuer");
        (await StatusWith(Mint(otherKey, now, keyIdOf: _platformKey))).Should().Be(HttpStatusCode.Unauthorized, "signed by another key under the platform key's id");
        (await StatusWith(MintUnsigned(now))).Should().Be(HttpStatusCode.Unauthorized, "unsigned (alg none)");
        (await StatusWith(MintSymmetric(now))).Should().Be(HttpStatusCode.Unauthorized, "HS256 with the public modulus as secret (algorithm confusion)");
    }

    [Fact]
    public async Task The_generated_key_is_persisted_so_every_instance_of_the_users_service_publishes_the_same_one()
    {
        await using var services = await PlatformSystem.StartAsync(infrastructure, new PlatformSettings(), CurrentTest.Cancellation);
        var token = await services.LoginAsync(DemoAccounts.Alice);
        using var firstJwks = await services.Client(PlatformModules.Users).SendAsync(HttpMethod.Get, "/.well-known/jwks.json");

        using var secondUsers = (await services.StartExtraInstanceAsync(PlatformModules.Users, overrides: null, CurrentTest.Cancellation)).CreateClient();
        using var secondJwks = await secondUsers.SendAsync(HttpMethod.Get, "/.well-known/jwks.json");

        (await secondJwks.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))
            .Should().Be(await firstJwks.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        using var profile = await secondUsers.SendAsync(HttpMethod.Get, "/api/users/me", token);
        profile.StatusCode.Should().Be(HttpStatusCode.OK, "a token from one instance is valid at another");
    }

    [Fact]
    public async Task A_service_that_cannot_reach_the_issuer_answers_503_not_401()
    {
        await using var services = await PlatformSystem.StartAsync(infrastructure, new PlatformSettings(), CurrentTest.Cancellation);
        var token = await services.LoginAsync(DemoAccounts.Alice);
        // A Courses instance pointed at a JWKS address where nothing listens (port 1 on loopback).
        using var orphan = (await services.StartExtraInstanceAsync(PlatformModules.Courses,
            new InstanceOverrides { JwksUrl = "http://127.0.0.1:1/.well-known/jwks.json" }, CurrentTest.Cancellation)).CreateClient();

        using var response = await orphan.SendAsync(HttpMethod.Get, "/api/courses/enrollments", token);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.ServiceUnavailable);
        problem.GetProperty("title").GetString().Should().Be("Token issuer unreachable");
        using var publicRead = await orphan.SendAsync(HttpMethod.Get, "/api/courses/1");
        publicRead.StatusCode.Should().Be(HttpStatusCode.OK, "public endpoints never need the issuer");
    }

    private static string Mint(RSA key, DateTime issuedAt, TimeSpan? lifetime = null, string audience = "eduplatform-api", string issuer = "eduplatform-users", RSA? keyIdOf = null) =>
        MintWith(new SigningCredentials(new RsaSecurityKey(key) { KeyId = KeyId(keyIdOf ?? key) }, SecurityAlgorithms.RsaSha256), issuedAt, lifetime, audience, issuer);

    private static string MintUnsigned(DateTime issuedAt) => MintWith(credentials: null, issuedAt);

    private string MintSymmetric(DateTime issuedAt) => MintWith(
        new SigningCredentials(new SymmetricSecurityKey(_platformKey.ExportParameters(false).Modulus) { KeyId = KeyId(_platformKey) }, SecurityAlgorithms.HmacSha256),
        issuedAt);

    private static string MintWith(
        SigningCredentials? credentials, DateTime issuedAt, TimeSpan? lifetime = null, string audience = "eduplatform-api", string issuer = "eduplatform-users") =>
        new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = issuedAt,
            NotBefore = issuedAt,
            Expires = issuedAt + (lifetime ?? TimeSpan.FromMinutes(10)),
            Claims = new Dictionary<string, object> { ["sub"] = DemoAccounts.Alice.Id.ToString(), ["role"] = "student" },
            SigningCredentials = credentials,
        });

    private static string KeyId(RSA key) => Base64UrlEncoder.Encode(new RsaSecurityKey(key.ExportParameters(false)).ComputeJwkThumbprint());
}
