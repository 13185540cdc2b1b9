using EduPlatform.Harness.Hosting;
using EduPlatform.Harness.Waiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace EduPlatform.Harness.Tests.Hosting;

public sealed class RawHttpConnectionTests
{
    [Fact]
    public async Task A_request_written_by_hand_gets_its_answer_with_status_headers_and_a_de_chunked_body()
    {
        await using var instance = await ServiceHost.StartAsync(ServiceApp.Create("raw", _ => { }, app =>
            app.MapGet("/chunked", async (HttpContext context) =>
            {
                // No Content-Length and two writes: Kestrel sends the body chunked.
                context.Response.ContentType = "text/plain; charset=utf-8";
                await context.Response.WriteAsync("hello, ", context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
                await context.Response.WriteAsync("world", context.RequestAborted);
            })), cancellationToken: CurrentTest.Cancellation);

        var answer = await RawHttpConnection.ExchangeAsync(instance.BaseAddress, RawHttpConnection.Request("GET", "/chunked", []), CurrentTest.Cancellation);

        answer.Status.Should().Be(200);
        answer.Headers["transfer-encoding"].Should().Be("chunked");
        answer.ContentType.Should().Be("text/plain");
        answer.Body.Should().Be("hello, world");
    }

    [Fact]
    public async Task What_HttpClient_refuses_to_send_reaches_the_server_which_refuses_it_with_a_bare_400()
    {
        await using var instance = await ServiceHost.StartAsync(SampleApps.ViaBuild, cancellationToken: CurrentTest.Cancellation);

        var answer = await RawHttpConnection.ExchangeAsync(instance.BaseAddress,
            RawHttpConnection.Request("POST", "/log?message=x", ["Content-Length: 4", "Content-Length: 9"], "null"), CurrentTest.Cancellation);

        answer.Status.Should().Be(400, "Kestrel refuses two Content-Length headers before any app code runs");
        answer.Body.Should().BeEmpty();
    }

    [Fact]
    public void Bytes_that_are_no_http_response_are_reported_as_such()
    {
        var parse = () => RawHttpResponse.Parse([]);

        parse.Should().Throw<InvalidOperationException>().WithMessage("Not an HTTP/1.1 response (0 bytes)*");
    }
}
