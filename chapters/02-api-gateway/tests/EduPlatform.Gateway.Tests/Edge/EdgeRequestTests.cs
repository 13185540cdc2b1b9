using System.Net;
using System.Text;
using EduPlatform.Gateway.Testing;
using EduPlatform.Gateway.Tests.Support;
using EduPlatform.Harness.Faults;
using EduPlatform.Harness.Identities;
using EduPlatform.Harness.Infrastructure;
using static EduPlatform.Gateway.Configuration.ReverseProxyKeys;

namespace EduPlatform.Gateway.Tests.Edge;

/// <summary>
/// What the edge does to every request: identity headers come from the token only, a correlation
/// id follows the request, unknown routes and oversized bodies get problems before any service
/// sees them.
/// </summary>
public sealed class EdgeRequestTests : IClassFixture<EdgeRequestTests.Edge>
{
    private static readonly Dictionary<string, string> SpoofedIdentity = new()
    {
        ["X-User-Id"] = "admin",
        ["X-User-Roles"] = "admin",
        ["x-user-scopes"] = "payments.refund",
        ["X-Client-Id"] = "trusted-backoffice",
        ["X-User-Impersonate"] = "bob",
    };

    private readonly GatewaySystem _gateway;
    private readonly UpstreamStub _courses;

    public EdgeRequestTests(Edge edge)
    {
        ArgumentNullException.ThrowIfNull(edge);
        _gateway = edge.System;
        _courses = _gateway.Stubs(ClusterIds.Courses)[0];
        _courses.ForgetCalls();
    }

    [Fact]
    public async Task Spoofed_identity_headers_never_reach_a_service_and_the_real_identity_does()
    {
        var token = _gateway.Issuer.CreateToken(new TestTokenRequest
        {
            Subject = "learner-42", Roles = ["learner", "beta"], ClientId = "web-app", Scopes = ["courses.read"],
        });

        using var withToken = await _gateway.Client.GetAsync("/api/courses/enrollments", token, SpoofedIdentity);
        using var anonymous = await _gateway.Client.GetAsync("/api/courses/1", token: null, SpoofedIdentity);

        withToken.StatusCode.Should().Be(HttpStatusCode.OK);
        anonymous.StatusCode.Should().Be(HttpStatusCode.OK);
        var received = _courses.Calls.Select(call => call.Headers).ToList();
        received.Should().HaveCount(2);
        received[0].Should().Contain(new Dictionary<string, string>
        {
            ["X-User-Id"] = "learner-42",
            ["X-User-Roles"] = "learner,beta",
            ["X-Client-Id"] = "web-app",
            ["X-User-Scopes"] = "courses.read",
        }).And.NotContainKey("X-User-Impersonate");
        received[1].Keys.Should().NotContain(name => name.StartsWith("X-User-", StringComparison.OrdinalIgnoreCase)
            || name.StartsWith("X-Client-", StringComparison.OrdinalIgnoreCase), "an anonymous caller has no identity to forward");
    }

    [Fact]
    public async Task A_correlation_id_is_created_or_kept_and_follows_the_request_to_the_service()
    {
        using var fresh = await _gateway.Client.GetAsync("/api/courses/1", token: null);
        using var kept = await _gateway.Client.GetAsync("/api/courses/1", token: null,
            new Dictionary<string, string> { ["X-Correlation-Id"] = "checkout-7f3a" });
        using var insane = await _gateway.Client.GetAsync("/api/courses/1", token: null,
            new Dictionary<string, string> { ["X-Correlation-Id"] = "<script>alert(1)</script>" });

        var created = fresh.Headers.GetValues("X-Correlation-Id").Single();
        created.Should().MatchRegex("^[0-9a-f]{32}$");
        kept.Headers.GetValues("X-Correlation-Id").Single().Should().Be("checkout-7f3a");
        insane.Headers.GetValues("X-Correlation-Id").Single().Should().MatchRegex("^[0-9a-f]{32}$", "unsafe ids are replaced, never echoed");
        _courses.Calls.Select(call => call.Headers["X-Correlation-Id"]).Should()
            .Equal(created, "checkout-7f3a", insane.Headers.GetValues("X-Correlation-Id").Single());
        fresh.Headers.GetValues("X-Gateway").Should().Equal("eduplatform-gateway");
    }

    [Fact]
    public async Task An_unknown_route_is_a_404_problem()
    {
        using var response = await _gateway.Client.GetAsync("/api/grades/7", _gateway.Issuer.CreateToken());

        var problem = await response.ShouldBeGatewayProblemAsync(HttpStatusCode.NotFound);
        problem.GetProperty("detail").GetString().Should().Contain("/api/grades/7");
    }

    [Fact]
    public async Task A_body_over_the_limit_is_a_413_problem_and_the_service_never_sees_it()
    {
        var token = _gateway.Issuer.CreateToken();
        // Gateway:MaxRequestBodyBytes is 64 KiB in this fixture.
        using var declared = await PostAsync("/api/courses/1/enrollments", token, new ByteArrayContent(new byte[64 * 1024 + 1]));
        using var streamed = await PostAsync("/api/courses/1/enrollments", token, new StreamWithoutLength(64 * 1024 + 1));
        using var fits = await PostAsync("/api/courses/1/enrollments", token, new ByteArrayContent(new byte[1024]));

        await declared.ShouldBeGatewayProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        await streamed.ShouldBeGatewayProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        fits.StatusCode.Should().Be(HttpStatusCode.Created);
        _courses.Calls.Should().ContainSingle("only the body that fits is forwarded");
    }

    [Fact]
    public async Task A_compressible_answer_is_compressed_when_the_client_accepts_it()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/courses");
        request.Headers.AcceptEncoding.ParseAdd("gzip");

        using var response = await _gateway.Client.SendAsync(request, TestContext.Current.CancellationToken);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentEncoding.Should().Equal("gzip");
    }

    private async Task<HttpResponseMessage> PostAsync(string path, string token, HttpContent content)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        request.Headers.Authorization = new("Bearer", token);
        return await _gateway.Client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    /// <summary>A body sent chunked, with no Content-Length to refuse it by.</summary>
    private sealed class StreamWithoutLength(int length) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
            stream.WriteAsync(Encoding.ASCII.GetBytes(new string('x', length))).AsTask();

        protected override bool TryComputeLength(out long computed)
        {
            computed = 0;
            return false;
        }
    }

    /// <summary>One issuer, one stubbed Courses service and one gateway (64 KiB body limit) for the class.</summary>
    public sealed class Edge(InfrastructureFixture infrastructure) : SharedGatewaySystem(infrastructure)
    {
        protected override GatewaySettings Settings =>
            new GatewaySettings { MaxRequestBodyBytes = 64 * 1024 }.Behind(ClusterIds.Courses, Upstream.Stubs());

        protected override void Prepare(GatewaySystem system) =>
            system.Stubs(ClusterIds.Courses)[0]
                .Map("/api/courses", StubBehavior.Json(JsonCatalogue()))
                .Map("/api/courses/1", StubBehavior.Json("""{"id":1}"""))
                .Map("/api/courses/enrollments", StubBehavior.Json("[]"))
                .Map("/api/courses/1/enrollments", StubBehavior.Json("""{"courseId":1}""", 201));

        private static string JsonCatalogue() =>
            "[" + string.Join(",", Enumerable.Range(1, 50).Select(id => $$"""{"id":{{id}},"title":"Course number {{id}}","summary":"A course about system design."}""")) + "]";
    }
}
