using System.Net;
using System.Text;
using System.Text.Json;
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
/// Login attempts are limited per client address and per target account, whatever token they carry (issue 19,
/// defect 4: attaching any valid token moved an attempt onto that user's budget, so a guesser with one token had
/// unlimited tries). A budget of 3 here; behind a trusted proxy, so a test can speak from many addresses.
/// </summary>
public sealed class LoginAttemptLimitTests(InfrastructureFixture infrastructure)
{
    private const int Budget = 3;

    [Fact]
    public async Task A_valid_token_does_not_buy_an_address_a_fresh_login_budget()
    {
        await using var gateway = await StartAsync();
        var tokens = Enumerable.Range(0, Budget).Select(i => gateway.Issuer.CreateToken(new TestTokenRequest { Subject = $"learner-{i}" })).ToList();

        var anonymous = await AttemptsAsync(gateway, Budget, i => ("203.0.113.9", $"guess-{i}@eduplatform.test", null));
        var withTokens = await AttemptsAsync(gateway, Budget, i => ("203.0.113.9", $"more-{i}@eduplatform.test", tokens[i]));

        anonymous.Should().AllBeEquivalentTo(HttpStatusCode.OK);
        withTokens.Should().AllBeEquivalentTo(HttpStatusCode.TooManyRequests, "the address has spent its attempts, whoever the token says the caller is");
        Logins(gateway).Should().HaveCount(Budget);
    }

    [Fact]
    public async Task Attempts_at_one_account_are_limited_from_any_address_and_another_account_is_not()
    {
        await using var gateway = await StartAsync();

        var atAlice = await AttemptsAsync(gateway, Budget + 2, i => ($"198.51.100.{i + 1}", "alice@eduplatform.test", null));
        var atBob = await AttemptsAsync(gateway, 1, _ => ("198.51.100.200", "bob@eduplatform.test", null));

        atAlice.Should().Equal(Enumerable.Repeat(HttpStatusCode.OK, Budget).Concat([HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests]));
        atBob.Should().Equal(HttpStatusCode.OK);
        Logins(gateway).Should().HaveCount(Budget + 1);
    }

    [Fact]
    public async Task A_refused_attempt_is_a_429_problem_that_says_the_account_s_attempts_are_spent()
    {
        await using var gateway = await StartAsync();
        await AttemptsAsync(gateway, Budget, i => ($"198.51.100.{i + 1}", "alice@eduplatform.test", null));

        using var refused = await LoginAsync(gateway, "198.51.100.50", "alice@eduplatform.test", token: null);

        var problem = await refused.ShouldBeGatewayProblemAsync(HttpStatusCode.TooManyRequests);
        problem.GetProperty("detail").GetString().Should().Contain("account");
        refused.Headers.RetryAfter?.Delta.Should().Be(TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task The_account_is_read_as_the_service_reads_it_whatever_its_case_spacing_or_decoys()
    {
        await using var gateway = await StartAsync();
        string[] bodies =
        [
            """{"email":"Alice@EduPlatform.test","password":"p"}""",
            """{"EMAIL":"  alice@eduplatform.test ","password":"p"}""",
            """{"email":"decoy@eduplatform.test","email":"alice@eduplatform.test","password":"p"}""",
            """{"Email":"ALICE@eduplatform.test","password":"p"}""",
        ];

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < bodies.Length; i++)
        {
            using var response = await SendAsync(gateway, $"192.0.2.{i + 1}", bodies[i], token: null);
            statuses.Add(response.StatusCode);
        }

        statuses.Should().Equal(Enumerable.Repeat(HttpStatusCode.OK, Budget).Append(HttpStatusCode.TooManyRequests),
            "all four aim at alice@eduplatform.test, the last email being the one the Users service binds");
    }

    [Fact]
    public async Task Attempts_from_one_address_are_limited_whatever_the_account()
    {
        await using var gateway = await StartAsync();

        var statuses = await AttemptsAsync(gateway, Budget + 1, i => ("203.0.113.77", $"account-{i}@eduplatform.test", null));

        statuses.Should().Equal(Enumerable.Repeat(HttpStatusCode.OK, Budget).Append(HttpStatusCode.TooManyRequests));
    }

    private async Task<GatewaySystem> StartAsync()
    {
        var gateway = await GatewaySystem.StartAsync(infrastructure, new GatewaySettings
        {
            TrustedProxies = ["127.0.0.0/8"],
            Budgets = new Dictionary<string, Budget> { [RateLimitingOptions.LoginPolicy] = new Budget(Budget, WindowSeconds: 60) },
        }.Behind(ClusterIds.Users, Upstream.Stubs()), CurrentTest.Cancellation);
        gateway.Stubs(ClusterIds.Users)[0].Map("/auth/login", StubBehavior.Json("""{"accessToken":"issued"}"""));
        return gateway;
    }

    private static IReadOnlyList<StubRequest> Logins(GatewaySystem gateway) => gateway.Stubs(ClusterIds.Users)[0].Calls;

    private static async Task<List<HttpStatusCode>> AttemptsAsync(
        GatewaySystem gateway, int count, Func<int, (string Address, string Email, string? Token)> attempt)
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < count; i++)
        {
            var (address, email, token) = attempt(i);
            using var response = await LoginAsync(gateway, address, email, token);
            statuses.Add(response.StatusCode);
        }

        return statuses;
    }

    private static Task<HttpResponseMessage> LoginAsync(GatewaySystem gateway, string address, string email, string? token) =>
        SendAsync(gateway, address, JsonSerializer.Serialize(new { email, password = "wrong-guess" }), token);

    private static async Task<HttpResponseMessage> SendAsync(GatewaySystem gateway, string address, string json, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/login") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Forwarded-For", address);
        if (token is not null)
        {
            request.Headers.Authorization = new("Bearer", token);
        }

        return await gateway.Client.SendAsync(request, CurrentTest.Cancellation);
    }
}
