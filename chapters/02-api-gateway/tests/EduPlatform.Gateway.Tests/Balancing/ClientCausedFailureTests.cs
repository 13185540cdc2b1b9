using System.Net;
using System.Text;
using EduPlatform.Gateway.Testing;
using EduPlatform.Gateway.Tests.Support;
using EduPlatform.Harness.Faults;
using EduPlatform.Harness.Hosting;
using EduPlatform.Harness.Infrastructure;
using EduPlatform.Harness.Waiting;
using Microsoft.Extensions.Time.Testing;
using static EduPlatform.Gateway.Configuration.ReverseProxyKeys;

namespace EduPlatform.Gateway.Tests.Balancing;

/// <summary>
/// What a client does wrong never counts against a destination's health. Issue 19, defect 2: ten requests with a
/// header value that is not ASCII answered 502 and ejected every healthy destination for ~10 s, because the forwarder
/// could not send them, and a request that cannot be sent is a transport failure to YARP's passive health. YARP
/// already leaves out requests whose client went away (hung up, broke its body off): the last two tests keep that so.
/// Two healthy stubs, health checks as deployed, on a fake clock that never moves: every request falls inside one
/// detection window.
/// </summary>
public sealed class ClientCausedFailureTests(InfrastructureFixture infrastructure)
{
    private const int Requests = 30;

    [Fact]
    public async Task A_header_value_that_is_not_ascii_reaches_the_service_intact_and_costs_no_destination_its_health()
    {
        await using var gateway = await StartAsync();
        using var utf8 = new HttpClient(new SocketsHttpHandler { RequestHeaderEncodingSelector = (_, _) => Encoding.UTF8 }) { BaseAddress = gateway.BaseAddress };

        for (var i = 0; i < Requests; i++)
        {
            using var response = await utf8.GetAsync("/api/courses/1", token: null, new Dictionary<string, string> { ["X-Note"] = "ключ" });
            response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync(CurrentTest.Cancellation));
        }

        Calls(gateway).Should().HaveCount(Requests).And.OnlyContain(call => call.Header("X-Note") == "ключ");
        await ShouldStillBeAvailableAsync(gateway);
    }

    [Fact]
    public async Task A_header_value_with_a_control_character_is_a_400_problem_and_is_not_forwarded()
    {
        await using var gateway = await StartAsync();

        var response = await RawHttpConnection.ExchangeAsync(gateway.BaseAddress,
            RawHttpConnection.Request("GET", "/api/courses/1", ["X-Note: a\u0001b"]), CurrentTest.Cancellation);

        response.ShouldBeGatewayProblem(400).GetProperty("title").GetString().Should().Be("Invalid header value");
        Calls(gateway).Should().BeEmpty();
    }

    [Fact]
    public async Task Clients_that_hang_up_before_the_answer_never_eject_a_destination()
    {
        await using var gateway = await StartAsync();
        gateway.Stubs(ClusterIds.Courses).ToList().ForEach(stub => stub.Map("/api/courses/2", StubBehavior.Json("""{"id":2}""").WithLatency(TimeSpan.FromSeconds(5))));

        for (var i = 0; i < Requests; i++)
        {
            using var impatient = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
            await FluentActions.Awaiting(() => gateway.Client.GetAsync("/api/courses/2", impatient.Token)).Should().ThrowAsync<OperationCanceledException>();
        }

        Calls(gateway).Count(call => call.Path == "/api/courses/2").Should().BeGreaterThan(Requests / 2, "the gateway forwarded them before their callers hung up");
        await ShouldStillBeAvailableAsync(gateway);
    }

    [Fact]
    public async Task Clients_that_break_their_body_off_never_eject_a_destination()
    {
        await using var gateway = await StartAsync();
        var token = gateway.Issuer.CreateToken();

        for (var i = 0; i < Requests; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Put, "/api/courses/1") { Content = new BodyThatBreaksOff() };
            request.Headers.Authorization = new("Bearer", token);
            await FluentActions.Awaiting(() => gateway.Client.SendAsync(request, CurrentTest.Cancellation)).Should().ThrowAsync<HttpRequestException>();
        }

        await ShouldStillBeAvailableAsync(gateway);
    }

    private async Task<GatewaySystem> StartAsync()
    {
        var gateway = await GatewaySystem.StartAsync(infrastructure,
            new GatewaySettings { Clock = new FakeTimeProvider(DateTimeOffset.UtcNow) }.Behind(ClusterIds.Courses, Upstream.Stubs(2)), CurrentTest.Cancellation);
        gateway.Stubs(ClusterIds.Courses).ToList().ForEach(stub => stub.Map("/api/courses/1", StubBehavior.Json("""{"id":1}""")));
        return gateway;
    }

    private static List<StubRequest> Calls(GatewaySystem gateway) =>
        gateway.Stubs(ClusterIds.Courses).SelectMany(stub => stub.Calls).ToList();

    /// <summary>Both destinations still available, and a plain request still answered.</summary>
    private static async Task ShouldStillBeAvailableAsync(GatewaySystem gateway)
    {
        (await GatewayHealthView.IsAvailableAsync(gateway, ClusterIds.Courses, "courses-1")).Should().BeTrue("courses-1 did nothing wrong");
        (await GatewayHealthView.IsAvailableAsync(gateway, ClusterIds.Courses, "courses-2")).Should().BeTrue("courses-2 did nothing wrong");
        using var plain = await gateway.Client.GetAsync("/api/courses/1", token: null);
        plain.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    /// <summary>A body that promises 1 KiB, sends 16 bytes, and fails: the client breaks its request off.</summary>
    private sealed class BodyThatBreaksOff : HttpContent
    {
        public BodyThatBreaksOff() => Headers.ContentLength = 1024;

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes("{\"title\":\"half-"));
            await stream.FlushAsync();
            await Task.Delay(50);
            throw new IOException("the client broke its body off");
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 1024;
            return true;
        }
    }
}
