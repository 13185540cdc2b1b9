using System.Net;
using EduPlatform.Gateway.Testing;
using EduPlatform.Gateway.Tests.Support;
using EduPlatform.Harness.Faults;
using EduPlatform.Harness.Identities;
using EduPlatform.Harness.Infrastructure;
using static EduPlatform.Gateway.Configuration.ReverseProxyKeys;

namespace EduPlatform.Gateway.Tests.Authentication;

/// <summary>
/// JWT at the edge: every hostile token the harness issuer can mint is refused with a 401
/// problem before any service sees the request; a genuine one passes.
/// </summary>
public sealed class EdgeTokenValidationTests : IClassFixture<EdgeTokenValidationTests.Edge>
{
    private readonly TestTokenIssuer _identity;
    private readonly UpstreamStub _users;
    private readonly GatewaySystem _gateway;

    public EdgeTokenValidationTests(Edge edge)
    {
        ArgumentNullException.ThrowIfNull(edge);
        (_identity, _users, _gateway) = (edge.System.Issuer, edge.System.Stubs(ClusterIds.Users)[0], edge.System);
        _users.ForgetCalls();
    }

    public static TheoryData<HostileToken> HostileTokens => new(Enum.GetValues<HostileToken>());

    [Theory]
    [MemberData(nameof(HostileTokens))]
    public async Task A_hostile_token_is_refused_with_401_and_never_forwarded(HostileToken kind)
    {
        using var response = await _gateway.Client.GetAsync("/api/users/me", _identity.CreateHostileToken(kind));

        var problem = await response.ShouldBeGatewayProblemAsync(HttpStatusCode.Unauthorized);
        problem.GetProperty("title").GetString().Should().Be("Invalid token");
        response.Headers.WwwAuthenticate.ToString().Should().Contain("invalid_token");
        _users.Calls.Should().BeEmpty($"a {kind} token must not reach the service");
    }

    [Fact]
    public async Task A_valid_token_is_forwarded_and_the_service_answers()
    {
        using var response = await _gateway.Client.GetAsync("/api/users/me", _identity.CreateToken());

        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        (await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).Should().Contain("learner-1");
        _users.Calls.Should().ContainSingle().Which.Path.Should().Be("/api/users/me");
        _identity.JwksRequests.Should().BeGreaterThan(0, "the gateway validates against the issuer's published keys");
    }

    [Fact]
    public async Task A_protected_route_without_a_token_is_refused_with_401()
    {
        using var response = await _gateway.Client.GetAsync("/api/users/me", token: null);

        var problem = await response.ShouldBeGatewayProblemAsync(HttpStatusCode.Unauthorized);
        problem.GetProperty("title").GetString().Should().Be("Authentication required");
        response.Headers.WwwAuthenticate.ToString().Should().Be("Bearer");
        _users.Calls.Should().BeEmpty();
    }

    [Fact]
    public async Task Credentials_that_are_not_a_valid_bearer_token_are_refused_even_on_a_public_path()
    {
        using var basic = await _gateway.Client.GetAsync("/docs", token: null, new Dictionary<string, string> { ["Authorization"] = "Basic YWxpY2U6c2VjcmV0" });
        using var expired = await _gateway.Client.GetAsync("/docs", _identity.CreateHostileToken(HostileToken.Expired));
        using var none = await _gateway.Client.GetAsync("/docs", token: null);

        await basic.ShouldBeGatewayProblemAsync(HttpStatusCode.Unauthorized);
        await expired.ShouldBeGatewayProblemAsync(HttpStatusCode.Unauthorized);
        none.StatusCode.Should().Be(HttpStatusCode.OK, "public paths are open to callers without credentials");
    }

    /// <summary>Credentials the token handler cannot even parse (issue 19, defect 1: these were 503 "Token keys unavailable").</summary>
    public static TheoryData<string> MalformedCredentials =>
    [
        "Bearer abc",
        "Bearer a.b",
        "Bearer a.b.c",
        "Bearer a.b.c.d.e",
        "Bearer eyJhbGciOiJSUzI1NiJ9",
        "Bearer eyJhbGciOiJSUzI1NiJ9.%%%.sig",
        "Bearer",
        "bearer abc",
    ];

    [Theory]
    [MemberData(nameof(MalformedCredentials))]
    public async Task A_malformed_bearer_token_is_a_401_on_every_route_health_included(string authorization)
    {
        foreach (var path in new[] { "/api/users/me", "/health", "/docs" })
        {
            using var response = await _gateway.Client.GetAsync(path, token: null, new Dictionary<string, string> { ["Authorization"] = authorization });

            var problem = await response.ShouldBeGatewayProblemAsync(HttpStatusCode.Unauthorized);
            problem.GetProperty("title").GetString().Should().Be("Invalid token", path);
            response.Headers.RetryAfter.Should().BeNull("the caller's token was judged; nothing to wait for");
        }

        _users.Calls.Should().BeEmpty();
    }

    [Fact]
    public async Task A_token_for_another_audience_is_refused_even_with_a_valid_signature()
    {
        var token = _identity.CreateToken(new TestTokenRequest { Audience = "another-api" });

        using var response = await _gateway.Client.GetAsync("/api/users/me", token);

        await response.ShouldBeGatewayProblemAsync(HttpStatusCode.Unauthorized);
        _users.Calls.Should().BeEmpty();
    }

    /// <summary>One issuer, one stubbed Users service and one gateway for the class (its tests run one after another).</summary>
    public sealed class Edge(InfrastructureFixture infrastructure) : SharedGatewaySystem(infrastructure)
    {
        protected override GatewaySettings Settings => new GatewaySettings().Behind(ClusterIds.Users, Upstream.Stubs());

        protected override void Prepare(GatewaySystem system) =>
            system.Stubs(ClusterIds.Users)[0].Map("/api/users/me", StubBehavior.Json("""{"id":"learner-1"}"""));
    }
}
