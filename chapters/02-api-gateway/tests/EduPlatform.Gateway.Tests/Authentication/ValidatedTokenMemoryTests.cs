using System.Net;
using EduPlatform.Gateway.Tests.Support;
using EduPlatform.Harness.Faults;
using EduPlatform.Harness.Identities;

namespace EduPlatform.Gateway.Tests.Authentication;

/// <summary>
/// The gateway remembers tokens it has verified (so the signature is checked once, not on every
/// request), but never past the token's own expiry.
/// </summary>
public sealed class ValidatedTokenMemoryTests
{
    [Fact]
    public async Task A_remembered_token_is_refused_as_soon_as_it_expires()
    {
        await using var identity = await TestTokenIssuer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        using var users = UpstreamStub.Start().Map("/api/users/me", StubBehavior.Json("""{"id":"learner-1"}"""));
        await using var gateway = await GatewayUnderTest.StartAsync(GatewaySettings.TrustingTokensFrom(identity)
            .WithDestinations("users", users.BaseAddress)
            .With("Gateway:Auth:ClockSkewSeconds", "0")
            .With("Gateway:Auth:ValidatedTokenCacheSeconds", "300"));
        var token = identity.CreateToken(new TestTokenRequest { Lifetime = TimeSpan.FromSeconds(3) });
        var expires = DateTimeOffset.UtcNow.AddSeconds(3);

        using (var first = await gateway.Client.GetAsync("/api/users/me", token))
        using (var remembered = await gateway.Client.GetAsync("/api/users/me", token))
        {
            first.StatusCode.Should().Be(HttpStatusCode.OK);
            remembered.StatusCode.Should().Be(HttpStatusCode.OK);
        }

        await Task.Delay(expires - DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(1500), TestContext.Current.CancellationToken);
        using var expired = await gateway.Client.GetAsync("/api/users/me", token);

        await expired.ShouldBeGatewayProblemAsync(HttpStatusCode.Unauthorized);
        users.Calls.Should().HaveCount(2);
    }
}
