using System.Net;
using EduPlatform.Gateway.Testing;
using EduPlatform.Gateway.Tests.Support;
using EduPlatform.Harness.Faults;
using EduPlatform.Harness.Identities;
using EduPlatform.Harness.Infrastructure;
using EduPlatform.Harness.Waiting;
using Microsoft.Extensions.Time.Testing;
using static EduPlatform.Gateway.Configuration.ReverseProxyKeys;

namespace EduPlatform.Gateway.Tests.Authentication;

/// <summary>
/// The gateway remembers tokens it has verified (so the signature is checked once, not on every request), but never
/// past the token's own expiry. The gateway and the issuer share a fake clock: the token expires when the test says so.
/// </summary>
public sealed class ValidatedTokenMemoryTests(InfrastructureFixture infrastructure)
{
    // snippet: gateway-system-in-a-test
    [Fact]
    public async Task A_remembered_token_is_refused_as_soon_as_it_expires()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var gateway = await GatewaySystem.StartAsync(infrastructure, new GatewaySettings
        {
            Clock = clock,
            ClockSkewSeconds = 0,
            ValidatedTokenCacheSeconds = 300,
        }.Behind(ClusterIds.Users, Upstream.Stubs()), CurrentTest.Cancellation);
        var users = gateway.Stubs(ClusterIds.Users)[0].Map("/api/users/me", StubBehavior.Json("""{"id":"learner-1"}"""));
        var lifetime = TimeSpan.FromSeconds(3);
        var token = gateway.Issuer.CreateToken(new TestTokenRequest { Lifetime = lifetime });

        using (var first = await gateway.Client.GetAsync("/api/users/me", token))
        using (var remembered = await gateway.Client.GetAsync("/api/users/me", token))
        {
            first.StatusCode.Should().Be(HttpStatusCode.OK);
            remembered.StatusCode.Should().Be(HttpStatusCode.OK);
        }

        // One second past its expiry, well inside the 300 s the gateway would otherwise remember it for.
        clock.Advance(lifetime + TimeSpan.FromSeconds(1));
        using var expired = await gateway.Client.GetAsync("/api/users/me", token);

        await expired.ShouldBeGatewayProblemAsync(HttpStatusCode.Unauthorized);
        users.Calls.Should().HaveCount(2);
    }
    // endsnippet
}
