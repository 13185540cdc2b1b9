using EduPlatform.Harness.Hosting;
using EduPlatform.Harness.Http;
using EduPlatform.Harness.Tests.Hosting;
using EduPlatform.Harness.Waiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace EduPlatform.Harness.Tests.Http;

/// <summary>Requests no HttpClient would send, and whatever the server answers to them, read off the wire.</summary>
public sealed class RawHttpTests
{
    [Fact]
    public async Task A_well_formed_request_gets_the_app_s_answer_with_its_headers_and_body()
    {
        await using var app = await ServiceHost.StartAsync(SampleApps.ViaBuild, cancellationToken: CurrentTest.Cancellation);

        var response = await RawHttp.SendAsync(app.BaseAddress, "GET /hello HTTP/1.1\r\nHost: sample\r\nConnection: close\r\n\r\n", CurrentTest.Cancellation);

        response.StatusCode.Should().Be(200);
        response.MediaType.Should().Be("text/plain");
        response.Body.Should().Be("hello");
    }

    [Theory]
    [InlineData("two Content-Length headers", "POST /log?message=x HTTP/1.1\r\nHost: sample\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab")]
    [InlineData("two Host headers", "GET /hello HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n")]
    [InlineData("a request line of 20 KiB", "GET /hello?q=$ HTTP/1.1\r\nHost: sample\r\n\r\n")]
    public async Task What_the_web_server_refuses_itself_is_read_as_it_was_sent(string what, string request)
    {
        await using var app = await ServiceHost.StartAsync(SampleApps.ViaBuild, cancellationToken: CurrentTest.Cancellation);

        var response = await RawHttp.SendAsync(app.BaseAddress, request.Replace("$", new string('q', 20 * 1024), StringComparison.Ordinal), CurrentTest.Cancellation);

        response.StatusCode.Should().BeOneOf([400, 414], what);
        response.Headers.Should().ContainKey("Content-Length", "Kestrel frames even its own refusals");
    }

    [Fact]
    public async Task A_chunked_answer_is_decoded()
    {
        await using var app = await ServiceHost.StartAsync(ServiceApp.Create("chunks", _ => { }, web => web.MapGet("/chunks", async context =>
        {
            await context.Response.WriteAsync("first,");
            await context.Response.Body.FlushAsync();
            await context.Response.WriteAsync("second");
        })), cancellationToken: CurrentTest.Cancellation);

        var response = await RawHttp.SendAsync(app.BaseAddress, "GET /chunks HTTP/1.1\r\nHost: chunks\r\n\r\n", CurrentTest.Cancellation);

        response.Header("Transfer-Encoding").Should().Be("chunked");
        response.Body.Should().Be("first,second");
    }
}
