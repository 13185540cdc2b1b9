using System.Net;
using EduPlatform.Gateway.Configuration;
using EduPlatform.Gateway.Testing;
using EduPlatform.Gateway.Tests.Support;
using EduPlatform.Harness.Faults;
using EduPlatform.Harness.Identities;
using EduPlatform.Harness.Infrastructure;
using EduPlatform.Harness.Waiting;
using static EduPlatform.Gateway.Configuration.ReverseProxyKeys;

namespace EduPlatform.Gateway.Tests.RateLimiting;

/// <summary>
/// Per-client budgets: partitioned by the authenticated user (so the limiter must run after
/// authentication), else by the client address, which X-Forwarded-For changes only when a trusted
/// proxy sent it. Refusals are 429 problems with Retry-After.
/// </summary>
public sealed class ClientRateLimitTests(InfrastructureFixture infrastructure)
{
    private const int Budget = 3;

    [Fact]
    public async Task The_limiter_runs_after_authentication_so_users_behind_one_address_each_get_their_own_budget()
    {
        await using var gateway = await StartGatewayAsync();
        var alice = gateway.Issuer.CreateToken(new TestTokenRequest { Subject = "alice" });
        var bob = gateway.Issuer.CreateToken(new TestTokenRequest { Subject = "bob" });

        var aliceStatuses = await SendAsync(gateway, Budget + 2, _ => ("/api/courses/enrollments", alice, null));
        var bobStatuses = await SendAsync(gateway, Budget, _ => ("/api/courses/enrollments", bob, null));
        var anonymousStatuses = await SendAsync(gateway, Budget, _ => ("/api/courses/1", null, null));

        // Same address (127.0.0.1) for all three: were the limiter before authentication, every
        // request would land in the address's partition and Bob would be refused at once.
        aliceStatuses.Should().Equal(Enumerable.Repeat(HttpStatusCode.OK, Budget).Concat([HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests]));
        bobStatuses.Should().AllBeEquivalentTo(HttpStatusCode.OK);
        anonymousStatuses.Should().AllBeEquivalentTo(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_refusal_is_a_429_problem_with_retry_after_and_the_service_is_not_called()
    {
        await using var gateway = await StartGatewayAsync();
        var courses = gateway.Stubs(ClusterIds.Courses)[0];
        var token = gateway.Issuer.CreateToken();
        await SendAsync(gateway, Budget, _ => ("/api/courses/enrollments", token, null));
        courses.ForgetCalls();

        using var refused = await gateway.Client.GetAsync("/api/courses/enrollments", token);

        await refused.ShouldBeGatewayProblemAsync(HttpStatusCode.TooManyRequests);
        refused.Headers.RetryAfter?.Delta.Should().Be(TimeSpan.FromSeconds(900), "the window is 15 minutes and the limiter promises no earlier slot");
        courses.Calls.Should().BeEmpty();
    }

    [Fact]
    public async Task A_client_rotating_x_forwarded_for_from_an_untrusted_address_does_not_escape_its_limit()
    {
        await using var gateway = await StartGatewayAsync();

        var statuses = await SendAsync(gateway, Budget * 3, attempt => ("/api/courses/1", null, $"203.0.113.{attempt + 1}"));

        statuses.Should().Equal(Enumerable.Repeat(HttpStatusCode.OK, Budget).Concat(Enumerable.Repeat(HttpStatusCode.TooManyRequests, Budget * 2)),
            "127.0.0.1 is not a trusted proxy, so its X-Forwarded-For is ignored and every request spends 127.0.0.1's budget");
    }

    [Fact]
    public async Task Behind_a_trusted_proxy_the_forwarded_address_is_the_client_and_each_has_its_own_budget()
    {
        await using var gateway = await StartGatewayAsync(settings => settings with { TrustedProxies = ["127.0.0.0/8"] });

        var distinct = await SendAsync(gateway, Budget * 3, attempt => ("/api/courses/1", null, $"203.0.113.{attempt + 1}"));
        var repeated = await SendAsync(gateway, Budget + 1, _ => ("/api/courses/1", null, "198.51.100.7"));

        distinct.Should().AllBeEquivalentTo(HttpStatusCode.OK);
        repeated.Should().Equal(Enumerable.Repeat(HttpStatusCode.OK, Budget).Append(HttpStatusCode.TooManyRequests));
    }

    [Fact]
    public async Task Concurrent_requests_from_one_client_admit_exactly_the_budget_and_another_client_is_unaffected()
    {
        const int budget = 50;
        await using var gateway = await StartGatewayAsync(settings => settings with { Budgets = PerClient(budget) });
        var greedy = gateway.Issuer.CreateToken(new TestTokenRequest { Subject = "greedy" });
        var modest = gateway.Issuer.CreateToken(new TestTokenRequest { Subject = "modest" });

        var greedyRequests = Enumerable.Range(0, 300).Select(_ => StatusOfAsync(gateway, "/api/courses/enrollments", greedy));
        var modestRequests = Enumerable.Range(0, 20).Select(_ => StatusOfAsync(gateway, "/api/courses/enrollments", modest));
        var statuses = await Task.WhenAll(greedyRequests.Concat(modestRequests));

        statuses[..300].Count(status => status == HttpStatusCode.OK).Should().Be(budget);
        statuses[..300].Count(status => status == HttpStatusCode.TooManyRequests).Should().Be(300 - budget);
        statuses[300..].Should().AllBeEquivalentTo(HttpStatusCode.OK);
    }

    private static Dictionary<string, Budget> PerClient(int permits) => new() { [RateLimitingOptions.PerClientPolicy] = new Budget(permits) };

    private async Task<GatewaySystem> StartGatewayAsync(Func<GatewaySettings, GatewaySettings>? customize = null)
    {
        var settings = new GatewaySettings { Budgets = PerClient(Budget) }.Behind(ClusterIds.Courses, Upstream.Stubs());
        var gateway = await GatewaySystem.StartAsync(infrastructure, customize?.Invoke(settings) ?? settings, CurrentTest.Cancellation);
        gateway.Stubs(ClusterIds.Courses)[0]
            .Map("/api/courses/1", StubBehavior.Json("""{"id":1}"""))
            .Map("/api/courses/enrollments", StubBehavior.Json("[]"));
        return gateway;
    }

    private static async Task<List<HttpStatusCode>> SendAsync(
        GatewaySystem gateway, int count, Func<int, (string Path, string? Token, string? ForwardedFor)> request)
    {
        var statuses = new List<HttpStatusCode>();
        for (var attempt = 0; attempt < count; attempt++)
        {
            var (path, token, forwardedFor) = request(attempt);
            var headers = forwardedFor is null ? null : new Dictionary<string, string> { ["X-Forwarded-For"] = forwardedFor };
            using var response = await gateway.Client.GetAsync(path, token, headers);
            statuses.Add(response.StatusCode);
        }

        return statuses;
    }

    private static async Task<HttpStatusCode> StatusOfAsync(GatewaySystem gateway, string path, string token)
    {
        using var response = await gateway.Client.GetAsync(path, token);
        return response.StatusCode;
    }
}
