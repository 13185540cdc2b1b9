using System.Net;
using System.Net.Sockets;
using EduPlatform.Load.SelfTest;

namespace EduPlatform.Load.Tests;

public sealed class HttpTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_2xx_is_ok_with_the_status_and_the_body_bytes_and_a_4xx_is_a_failure_with_its_status()
    {
        await using var server = await LoopbackServer.StartAsync(cancellationToken: Ct);
        using var http = Http.CreateClient();

        var ok = await Http.Send(http, Http.CreateRequest("GET", server.PingUri.ToString()), Ct);
        var missing = await Http.Send(http, Http.CreateRequest("GET", new Uri(server.BaseAddress, "/nope").ToString()), Ct);

        ok.IsError.Should().BeFalse();
        ok.StatusCode.Should().Be("200");
        ok.SizeBytes.Should().Be("pong".Length);
        missing.IsError.Should().BeTrue();
        missing.StatusCode.Should().Be("404");
    }

    [Fact]
    public async Task A_judge_sees_the_status_and_the_body_and_decides_the_outcome_and_its_label()
    {
        await using var server = await LoopbackServer.StartAsync(cancellationToken: Ct);
        using var http = Http.CreateClient();

        var judged = await Http.Send(http, Http.CreateRequest("GET", server.PingUri.ToString()), (response, body) =>
            System.Text.Encoding.UTF8.GetString(body) == "pong" && response.StatusCode == HttpStatusCode.OK
                ? Response.Fail("200 but pong", body.Length)
                : Response.Ok("unexpected"), Ct);

        judged.IsError.Should().BeTrue("the judge, not the status code, decided");
        judged.StatusCode.Should().Be("200 but pong");
        judged.SizeBytes.Should().Be(4);
    }

    [Fact]
    public async Task A_request_slower_than_the_timeout_fails_as_timeout()
    {
        await using var server = await LoopbackServer.StartAsync(cancellationToken: Ct);
        using var http = Http.CreateClient(new HttpClientLimits { RequestTimeout = TimeSpan.FromMilliseconds(200) });
        server.Stall(TimeSpan.FromSeconds(1));

        var response = await Http.Send(http, Http.CreateRequest("GET", server.PingUri.ToString()), Ct);

        response.IsError.Should().BeTrue();
        response.StatusCode.Should().Be("timeout");
    }

    [Fact]
    public async Task A_refused_connection_fails_with_the_socket_error()
    {
        using var http = Http.CreateClient();
        var port = FreePort();

        var response = await Http.Send(http, Http.CreateRequest("GET", $"http://127.0.0.1:{port}/"), Ct);

        response.IsError.Should().BeTrue();
        response.StatusCode.Should().Be("socket:ConnectionRefused");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
