using System.Net;
using System.Text;
using EduPlatform.Gateway.Testing;
using EduPlatform.Gateway.Tests.Support;
using EduPlatform.Harness.Faults;
using EduPlatform.Harness.Infrastructure;
using EduPlatform.Harness.Waiting;
using Microsoft.Extensions.Time.Testing;
using static EduPlatform.Gateway.Configuration.ReverseProxyKeys;

namespace EduPlatform.Gateway.Tests.Balancing;

/// <summary>
/// Retries to another destination, with faults injected by downstream stubs: only idempotent
/// methods, only transport failures, at most MaxAttempts, never the same destination twice; and a
/// 503 problem when no destination is healthy. Health checks are off here (but in the last test,
/// where they run on a fake clock) so that retries alone are watched.
/// </summary>
public sealed class RetryTests(InfrastructureFixture infrastructure)
{
    [Fact]
    public async Task An_idempotent_request_that_cannot_reach_one_destination_is_answered_by_another()
    {
        await using var gateway = await GatewayOverAsync(2);
        var (broken, healthy) = (Stub(gateway, 0, StubBehavior.ConnectionReset()), Stub(gateway, 1, StubBehavior.Json("""{"id":1}""")));

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
        await using var gateway = await GatewayOverAsync(2);
        var (broken, healthy) = (Stub(gateway, 0, StubBehavior.ConnectionReset()), Stub(gateway, 1, StubBehavior.Json("""{"courseId":1}""", 201)));
        var token = gateway.Issuer.CreateToken();

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
        await using var gateway = await GatewayOverAsync(4);   // MaxAttempts is 3 by default
        var broken = Enumerable.Range(0, 4).Select(index => Stub(gateway, index, StubBehavior.ConnectionReset())).ToList();

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
        await using var gateway = await GatewayOverAsync(2, settings => settings with { RetryMaxAttempts = 1 });
        var (broken, alsoBroken) = (Stub(gateway, 0, StubBehavior.ConnectionReset()), Stub(gateway, 1, StubBehavior.ConnectionReset()));

        using var response = await gateway.Client.GetAsync("/api/courses/1", token: null);

        await response.ShouldBeGatewayProblemAsync(HttpStatusCode.BadGateway);
        (broken.Calls.Count + alsoBroken.Calls.Count).Should().Be(1);
    }

    [Fact]
    public async Task A_service_error_status_is_its_answer_and_is_not_retried()
    {
        await using var gateway = await GatewayOverAsync(2);
        var (failing, healthy) = (Stub(gateway, 0, StubBehavior.Respond(500, "catalogue unavailable")), Stub(gateway, 1, StubBehavior.Json("""{"id":1}""")));

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
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var gateway = await GatewaySystem.StartAsync(infrastructure,
            new GatewaySettings { Clock = clock, FastHealthChecks = true }.Behind(ClusterIds.Courses, Upstream.Stubs(2)), CurrentTest.Cancellation);
        var sick = Enumerable.Range(0, 2).Select(index => Stub(gateway, index, StubBehavior.Json("""{"id":1}"""))).ToList();
        sick.ForEach(stub => stub.Map(UpstreamStub.HealthPath, StubBehavior.Status(503)));

        // The active probe needs two consecutive failures per destination: two probe intervals on the gateway's clock.
        var response = await Eventually.ReturnsAsync(async () =>
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            return await gateway.Client.GetAsync("/api/courses/1", token: null);
        }, answer => answer.StatusCode != HttpStatusCode.OK, "the gateway stops answering from its sick destinations");

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

    private static UpstreamStub Stub(GatewaySystem gateway, int index, StubBehavior behavior) =>
        gateway.Stubs(ClusterIds.Courses)[index].Map("/api/courses/1", behavior).Map("/api/courses/1/enrollments", behavior);

    private Task<GatewaySystem> GatewayOverAsync(int stubs, Func<GatewaySettings, GatewaySettings>? customize = null)
    {
        var settings = new GatewaySettings { ActiveHealthChecks = false, PassiveHealthChecks = false }.Behind(ClusterIds.Courses, Upstream.Stubs(stubs));
        return GatewaySystem.StartAsync(infrastructure, customize?.Invoke(settings) ?? settings, CurrentTest.Cancellation);
    }
}
