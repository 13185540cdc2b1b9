using System.Net;
using EduPlatform.Gateway.Testing;
using EduPlatform.Gateway.Tests.Support;
using EduPlatform.Harness.Infrastructure;
using EduPlatform.Harness.Waiting;
using static EduPlatform.Gateway.Configuration.ReverseProxyKeys;

namespace EduPlatform.Gateway.Tests.Authentication;

/// <summary>
/// When the auth service's keys cannot be fetched, a token cannot be judged: 503 with Retry-After, the platform's
/// fault and not the caller's. (A malformed token is a 401 whatever the keys: EdgeTokenValidationTests.)
/// </summary>
public sealed class SigningKeysUnavailableTests(InfrastructureFixture infrastructure)
{
    [Fact]
    public async Task A_well_formed_token_that_cannot_be_checked_is_a_503_problem_with_retry_after()
    {
        await using var gateway = await GatewaySystem.StartAsync(infrastructure, new GatewaySettings().Behind(ClusterIds.Users, Upstream.Stubs()), CurrentTest.Cancellation);
        var token = gateway.Issuer.CreateToken();
        await gateway.Issuer.DisposeAsync(); // its JWKS endpoint is gone before the gateway ever fetched it

        using var response = await gateway.Client.GetAsync("/api/users/me", token);

        var problem = await response.ShouldBeGatewayProblemAsync(HttpStatusCode.ServiceUnavailable);
        problem.GetProperty("title").GetString().Should().Be("Token keys unavailable");
        response.Headers.RetryAfter?.Delta.Should().Be(TimeSpan.FromSeconds(5));
        gateway.Stubs(ClusterIds.Users)[0].Calls.Should().BeEmpty();
    }
}
