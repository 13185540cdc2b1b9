using System.Net.Http.Headers;
using System.Net;
using EduPlatform.Harness.Identities;
using EduPlatform.Harness.Waiting;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace EduPlatform.Harness.Tests.Identities;

public sealed class TestTokenIssuerTests(JwtProtectedApp protectedApp) : IClassFixture<JwtProtectedApp>
{
    public static TheoryData<HostileToken> EveryHostileToken => new(Enum.GetValues<HostileToken>());

    [Fact]
    public async Task A_valid_token_is_accepted_by_an_app_that_fetched_the_keys_by_URL()
    {
        var token = protectedApp.Issuer.CreateToken(new TestTokenRequest { Subject = "learner-42", Roles = ["instructor"] });

        using var me = await GetAsync("/me", token);
        me.StatusCode.Should().Be(HttpStatusCode.OK);
        (await me.Content.ReadAsStringAsync(CurrentTest.Cancellation)).Should().Be("learner-42");
        using var instructors = await GetAsync("/instructors-only", token);
        instructors.StatusCode.Should().Be(HttpStatusCode.OK, "the role claim reaches the app as a role");
        protectedApp.Issuer.JwksRequests.Should().BePositive("the app fetched the signing key from the JWKS URL");
    }

    [Fact]
    public async Task A_valid_token_without_the_role_is_authenticated_but_forbidden()
    {
        var token = protectedApp.Issuer.CreateToken(new TestTokenRequest { Roles = ["learner"] });

        using var instructors = await GetAsync("/instructors-only", token);

        instructors.StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task No_token_is_unauthorized()
    {
        using var me = await GetAsync("/me", token: null);

        me.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [MemberData(nameof(EveryHostileToken))]
    public async Task Every_hostile_token_is_rejected_by_the_JwtBearer_app(HostileToken kind)
    {
        // Roles the hostile token would need to get in anywhere, so only validation stands in the way.
        var token = protectedApp.Issuer.CreateHostileToken(kind, new TestTokenRequest { Roles = ["instructor"] });

        using var me = await GetAsync("/me", token);

        me.StatusCode.Should().Be(HttpStatusCode.Unauthorized, "a {0} token must not authenticate", kind);
    }

    [Theory]
    [MemberData(nameof(EveryHostileToken))]
    public async Task Each_hostile_token_fails_validation_for_its_own_reason(HostileToken kind)
    {
        var issuer = protectedApp.Issuer;
        var token = issuer.CreateHostileToken(kind);

        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, issuer.ValidationParameters);

        result.IsValid.Should().BeFalse();
        result.Exception.Should().BeAssignableTo(kind switch
        {
            HostileToken.Expired => typeof(SecurityTokenExpiredException),
            HostileToken.NotYetValid => typeof(SecurityTokenNotYetValidException),
            HostileToken.WrongIssuer => typeof(SecurityTokenInvalidIssuerException),
            HostileToken.WrongAudience => typeof(SecurityTokenInvalidAudienceException),
            HostileToken.SignedByAnotherKey => typeof(SecurityTokenInvalidSignatureException),
            HostileToken.AlgorithmNone => typeof(SecurityTokenInvalidSignatureException),
            HostileToken.TamperedPayload => typeof(SecurityTokenInvalidSignatureException),
            HostileToken.HmacSignedWithPublicKey => typeof(SecurityTokenInvalidSignatureException),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        }, "{0}", result.Exception?.Message);
    }

    [Fact]
    public async Task A_genuine_token_carries_what_was_asked_for()
    {
        var issuer = protectedApp.Issuer;
        var token = issuer.CreateToken(new TestTokenRequest
        {
            Subject = "learner-7",
            Roles = ["learner", "mentor"],
            ClientId = "dashboard-bff",
            Scopes = ["courses.read", "enrollments.write"],
        });

        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, issuer.ValidationParameters);

        result.IsValid.Should().BeTrue("{0}", result.Exception?.Message);
        var jwt = (JsonWebToken)result.SecurityToken;
        jwt.Subject.Should().Be("learner-7");
        jwt.Issuer.Should().Be(issuer.Issuer);
        jwt.Audiences.Should().Equal(issuer.Audience);
        jwt.Alg.Should().Be("RS256");
        jwt.Kid.Should().Be(issuer.KeyId);
        jwt.GetPayloadValue<string>("client_id").Should().Be("dashboard-bff");
        jwt.GetPayloadValue<string>("scope").Should().Be("courses.read enrollments.write");
        jwt.Claims.Where(claim => claim.Type == "role").Select(claim => claim.Value).Should().Equal("learner", "mentor");
        (jwt.ValidTo - jwt.ValidFrom).Should().Be(TimeSpan.FromHours(1));
    }

    private async Task<HttpResponseMessage> GetAsync(string path, string? token)
    {
        using var client = protectedApp.App.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await client.SendAsync(request, CurrentTest.Cancellation);
    }
}
