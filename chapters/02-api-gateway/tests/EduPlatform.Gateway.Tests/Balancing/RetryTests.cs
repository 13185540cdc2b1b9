using System.Net;
using System.Text;
using EduPlatform.Gateway.Tests.Support;
using EduPlatform.Harness.Faults;
using EduPlatform.Harness.Identities;

namespace EduPlatform.Gateway.Tests.Balancing;

/// <summary>
/// Retries to another destination, with faults injected by downstream stubs: only idempotent
/// methods, only transport failures, at most MaxAttempts, never the same destination twice; and a
/// 503 problem when no destination is healthy. Health checks are off here (but in the last test)
/// so that retries alone are watched.
/// </summary>
public sealed class RetryTests : IAsyncLifetime
{
    private TestTokenIssuer _identity = null!;
    private readonly List<UpstreamStub> _stubs = [];

    public async ValueTask InitializeAsync() =>
        _identity = await TestTokenIssuer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        _stubs.ForEach(stub => stub.Dispose());
        await _identity.DisposeAsync();
    }

    [Fact]
    public async Task An_idempotent_request_that_cannot_reach_one_destination_is_answered_by_another()
    {
        var broken = Stub(StubBehavior.ConnectionReset());
        var healthy = Stub(StubBehavior.Json("""{"id":1}"""));
        await using var gateway = await GatewayOverAsync(broken, healthy);

        for (var i = 0; i < 20; i++)
        {
            using var response = await gateway.Client.GetAsync("/api/courses/1", token: null);
            response.StatusCode.Should().Be(HttpStatusCode.OK);
        }

        healthy.Calls.Should().HaveCount(20, "every request ends at the healthy destination");
        broken.Calls.Should().NotBeEmpty("the balancer sends some first attempts to the broken one");
    }

    [Fact]
    public async Task A_non_idempotent_request_is_never_retried()
    {
        var broken = Stub(StubBehavior.ConnectionReset());
        var healthy = Stub(StubBehavior.Json("""{"courseId":1}""", 201));
        await using var gateway = await GatewayOverAsync(broken, healthy);
        var token = _identity.CreateToken();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 20; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/courses/1/enrollments") { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
            request.Headers.Authorization = new("Bearer", token);
            using var response = await gateway.Client.SendAsync(request, TestContext.Current.CancellationToken);
            if (response.StatusCode == HttpStatusCode.BadGateway)
            {
                await response.ShouldBeGatewayProblemAsync(HttpStatusCode.BadGateway);
            }

            statuses.Add(response.StatusCode);
        }

        // Each POST went to exactly one destination: a failed one is reported, not repeated elsewhere.
        (broken.Calls.Count + healthy.Calls.Count).Should().Be(20);
        statuses.Count(status => status == HttpStatusCode.BadGateway).Should().Be(broken.Calls.Count).And.BeGreaterThan(0);
        statuses.Count(status => status == HttpStatusCode.Created).Should().Be(healthy.Calls.Count);
    }

    [Fact]
    public async Task Retries_are_bounded_and_never_repeat_a_destination()
    {
        var broken = Enumerable.Range(0, 4).Select(_ => Stub(StubBehavior.ConnectionReset())).ToList();
        await using var gateway = await GatewayOverAsync([.. broken]);   // MaxAttempts is 3 by default

        for (var i = 0; i < 5; i++)
        {
            var before = broken.Select(stub => stub.Calls.Count).ToList();

            using var response = await gateway.Client.GetAsync("/api/courses/1", token: null);

            await response.ShouldBeGatewayProblemAsync(HttpStatusCode.BadGateway);
            var attempts = broken.Select((stub, index) => stub.Calls.Count - before[index]).ToList();
            attempts.Sum().Should().Be(3, "one try and two retries");
            attempts.Should().OnlyContain(count => count <= 1, "each attempt goes to a destination not tried yet");
        }
    }

    [Fact]
    public async Task Retries_switch_off_with_one_attempt()
    {
        var broken = Stub(StubBehavior.ConnectionReset());
        var alsoBroken = Stub(StubBehavior.ConnectionReset());
        await using var gateway = await GatewayOverAsync([broken, alsoBroken], settings => settings.With("Gateway:Retry:MaxAttempts", "1"));

        using var response = await gateway.Client.GetAsync("/api/courses/1", token: null);

        await response.ShouldBeGatewayProblemAsync(HttpStatusCode.BadGateway);
        (broken.Calls.Count + alsoBroken.Calls.Count).Should().Be(1);
    }

    [Fact]
    public async Task A_service_error_status_is_its_answer_and_is_not_retried()
    {
        var failing = Stub(StubBehavior.Respond(500, "catalogue unavailable"));
        var healthy = Stub(StubBehavior.Json("""{"id":1}"""));
        await using var gateway = await GatewayOverAsync(failing, healthy);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 20; i++)
        {
            using var response = await gateway.Client.GetAsync("/api/courses/1", token: null);
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.InternalServerError)
            {
                (await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).Should().Be("catalogue unavailable", "the service's own body passes through");
            }
        }

        (failing.Calls.Count + healthy.Calls.Count).Should().Be(20);
        statuses.Count(status => status == HttpStatusCode.InternalServerError).Should().Be(failing.Calls.Count).And.BeGreaterThan(0);
    }

    [Fact]
    public async Task When_no_destination_is_healthy_the_answer_is_a_503_problem()
    {
        var sick = Enumerable.Range(0, 2).Select(_ => Stub(StubBehavior.Json("""{"id":1}"""))).ToList();
        sick.ForEach(stub => stub.Map(UpstreamStub.HealthPath, StubBehavior.Status(503)));
        await using var gateway = await GatewayUnderTest.StartAsync(GatewaySettings.TrustingTokensFrom(_identity)
            .WithDestinations("courses", sick.Select(stub => stub.BaseAddress))
            .WithFastHealthChecks("courses"));

        // The active probe needs two consecutive failures per destination (about 2 s).
        var deadline = DateTime.UtcNow.AddSeconds(15);
        HttpResponseMessage response;
        while (true)
        {
            response = await gateway.Client.GetAsync("/api/courses/1", token: null);
            if (response.StatusCode != HttpStatusCode.OK || DateTime.UtcNow > deadline)
            {
                break;
            }

            response.Dispose();
            await Task.Delay(200, TestContext.Current.CancellationToken);
        }

        using (response)
        {
            var problem = await response.ShouldBeGatewayProblemAsync(HttpStatusCode.ServiceUnavailable);
            problem.GetProperty("title").GetString().Should().Be("No healthy destination");
        }

        var callsWhenEjected = sick.Sum(stub => stub.Calls.Count);
        using var again = await gateway.Client.GetAsync("/api/courses/1", token: null);
        await again.ShouldBeGatewayProblemAsync(HttpStatusCode.ServiceUnavailable);
        sick.Sum(stub => stub.Calls.Count).Should().Be(callsWhenEjected, "an unhealthy destination is not sent requests");
    }

    private UpstreamStub Stub(StubBehavior behavior)
    {
        var stub = UpstreamStub.Start().Map("/api/courses/1", behavior).Map("/api/courses/1/enrollments", behavior);
        _stubs.Add(stub);
        return stub;
    }

    private Task<GatewayUnderTest> GatewayOverAsync(params UpstreamStub[] stubs) => GatewayOverAsync(stubs, settings => settings);

    private Task<GatewayUnderTest> GatewayOverAsync(UpstreamStub[] stubs, Func<GatewaySettings, GatewaySettings> customize) =>
        GatewayUnderTest.StartAsync(customize(GatewaySettings.TrustingTokensFrom(_identity)
            .WithDestinations("courses", stubs.Select(stub => stub.BaseAddress))
            .WithoutHealthChecks("courses")));
}
