using System.Text;
using EduPlatform.Gateway.Testing;
using EduPlatform.Gateway.Tests.Support;
using EduPlatform.Harness.Faults;
using EduPlatform.Harness.Hosting;
using EduPlatform.Harness.Infrastructure;
using static EduPlatform.Gateway.Configuration.ReverseProxyKeys;

namespace EduPlatform.Gateway.Tests.Edge;

/// <summary>
/// Limits on a request's head that Kestrel would enforce with an empty body are the gateway's, with a problem that
/// says which limit was crossed (issue 19, defect 14): a target over 8 KiB (414), headers over 32 KiB or more than 100
/// of them (431), and a declared body far over the route's limit (413 at once, without waiting for it). Beyond twice
/// those limits Kestrel answers itself (GatewayHostileInputTests pins exactly what it answers).
/// </summary>
public sealed class RequestHeadLimitTests(RequestHeadLimitTests.Gateway fixture) : IClassFixture<RequestHeadLimitTests.Gateway>
{
    private readonly GatewaySystem _gateway = fixture.System;

    public static TheoryData<string, string, int, string> OverTheLimits => new()
    {
        { "a target of 12 KiB", $"GET /api/courses/1?q={new string('q', 12 * 1024)} HTTP/1.1\r\nHost: gateway\r\n", 414, "Request target too long" },
        { "a header of 40 KiB", $"GET /api/courses/1 HTTP/1.1\r\nHost: gateway\r\nX-Big: {new string('b', 40 * 1024)}\r\n", 431, "Request headers too large" },
        { "150 headers", $"GET /api/courses/1 HTTP/1.1\r\nHost: gateway\r\n{string.Concat(Enumerable.Range(0, 150).Select(i => $"X-Field-{i}: v\r\n"))}", 431, "Request headers too large" },
        { "a body declared at 100 GB", "POST /api/auth/login HTTP/1.1\r\nHost: gateway\r\nContent-Type: application/json\r\nContent-Length: 100000000000\r\n", 413, "Request body too large" },
    };

    [Theory]
    [MemberData(nameof(OverTheLimits))]
    public async Task A_request_over_a_limit_of_the_gateway_gets_a_problem_that_names_it(string what, string head, int status, string title)
    {
        fixture.ForgetCalls();

        var response = await RawHttpConnection.ExchangeAsync(_gateway.BaseAddress, Encoding.UTF8.GetBytes(head + "Connection: close\r\n\r\n"), Harness.Waiting.CurrentTest.Cancellation);

        response.ShouldBeGatewayProblem(status).GetProperty("title").GetString().Should().Be(title, what);
        fixture.Calls.Should().BeEmpty();
    }

    public sealed class Gateway(InfrastructureFixture infrastructure) : SharedGatewaySystem(infrastructure)
    {
        protected override GatewaySettings Settings => new GatewaySettings()
            .Behind(ClusterIds.Users, Upstream.Stubs()).Behind(ClusterIds.Courses, Upstream.Stubs());

        public IEnumerable<StubRequest> Calls => System.Stubs(ClusterIds.Users).Concat(System.Stubs(ClusterIds.Courses)).SelectMany(stub => stub.Calls);

        public void ForgetCalls() => System.Stubs(ClusterIds.Users).Concat(System.Stubs(ClusterIds.Courses)).ToList().ForEach(stub => stub.ForgetCalls());

        protected override void Prepare(GatewaySystem system) =>
            system.Stubs(ClusterIds.Courses)[0].Map("/api/courses/1", StubBehavior.Json("""{"id":1}"""));
    }
}
