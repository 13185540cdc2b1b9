using System.Text;
using EduPlatform.Gateway.Testing;
using EduPlatform.Gateway.Tests.Support;
using EduPlatform.Harness.Faults;
using EduPlatform.Harness.Hosting;
using EduPlatform.Harness.Infrastructure;
using EduPlatform.Harness.Waiting;
using static EduPlatform.Gateway.Configuration.ReverseProxyKeys;

namespace EduPlatform.Gateway.Tests.Edge;

/// <summary>
/// A body whose chunked framing is broken is the client's error in every environment: a 400 problem with no detail of
/// what broke inside (issue 19, defect 3: a chunk size of twenty f's answered 500 with exception type, stack frames
/// and source paths in Development, a bare 500 in Production). Nothing reaches a service.
/// </summary>
public sealed class MalformedBodyTests(InfrastructureFixture infrastructure)
{
    private static readonly Dictionary<string, string> BrokenBodies = new()
    {
        ["a chunk size that overflows"] = "ffffffffffffffffffff\r\n{}\r\n0\r\n\r\n",
        ["a chunk size that is not hex"] = "zz\r\n{}\r\n0\r\n\r\n",
        ["chunk data longer than its size"] = "2\r\n{\"email\":\"alice@eduplatform.test\"}\r\n0\r\n\r\n",
    };

    public static TheoryData<string, string> Cases
    {
        get
        {
            var cases = new TheoryData<string, string>();
            foreach (var environment in new[] { "Development", "Production", "Testing" })
            {
                foreach (var body in BrokenBodies.Keys)
                {
                    cases.Add(environment, body);
                }
            }

            return cases;
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_broken_chunked_body_is_a_400_problem_without_detail(string environment, string broken)
    {
        await using var gateway = await GatewaySystem.StartAsync(infrastructure, new GatewaySettings { EnvironmentName = environment }
            .Behind(ClusterIds.Users, Upstream.Stubs()).Behind(ClusterIds.Courses, Upstream.Stubs()), CurrentTest.Cancellation);
        gateway.Stubs(ClusterIds.Users)[0].Map("/auth/login", StubBehavior.Json("""{"accessToken":"x"}"""));
        var token = gateway.Issuer.CreateToken();

        // The login route (anonymous, 4 KiB) and an enrolment (a bearer token, the default 1 MiB): both read the body.
        var login = await RawHttpConnection.ExchangeAsync(gateway.BaseAddress, Chunked("/api/auth/login", authorization: null, BrokenBodies[broken]), CurrentTest.Cancellation);
        var enrolment = await RawHttpConnection.ExchangeAsync(gateway.BaseAddress, Chunked("/api/courses/1/enrollments", $"Bearer {token}", BrokenBodies[broken]), CurrentTest.Cancellation);

        login.ShouldBeGatewayProblem(400).GetProperty("title").GetString().Should().Be("Malformed request");
        enrolment.ShouldBeGatewayProblem(400).GetProperty("title").GetString().Should().Be("Malformed request");
        gateway.Stubs(ClusterIds.Users)[0].Calls.Should().BeEmpty();
        gateway.Stubs(ClusterIds.Courses)[0].Calls.Should().BeEmpty();
    }

    private static byte[] Chunked(string path, string? authorization, string body) => Encoding.UTF8.GetBytes(
        $"POST {path} HTTP/1.1\r\nHost: gateway\r\nContent-Type: application/json\r\n"
        + (authorization is null ? "" : $"Authorization: {authorization}\r\n")
        + $"Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n{body}");
}
