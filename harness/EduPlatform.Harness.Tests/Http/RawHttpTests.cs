using System.Globalization;
using EduPlatform.Harness.Hosting;
using EduPlatform.Harness.Http;
using EduPlatform.Harness.Waiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace EduPlatform.Harness.Tests.Http;

public sealed class RawHttpTests
{
    /// <summary>Answers with what it received: the method, how many fields of <c>X-Twice</c>, and the body's length.</summary>
    private static readonly ServiceApp Echo = ServiceApp.Create("raw-echo", _ => { }, app => app.Run(async context =>
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        context.Response.Headers["X-Method"] = context.Request.Method;
        context.Response.Headers["X-Fields"] = context.Request.Headers["X-Twice"].Count.ToString(CultureInfo.InvariantCulture);
        var text = $"read {body.Length} bytes";
        if (context.Request.Query.ContainsKey("counted"))
        {
            context.Response.ContentLength = text.Length;
        }

        await context.Response.WriteAsync(text, context.RequestAborted);
    }));

    [Fact]
    public async Task A_request_arrives_exactly_as_written_and_a_chunked_answer_is_read_whole()
    {
        await using var app = await ServiceHost.StartAsync(Echo, cancellationToken: CurrentTest.Cancellation);

        var response = await RawHttp.SendAsync(app.BaseAddress,
            "post / HTTP/1.1\r\nHost: x\r\nX-Twice: a\r\nX-Twice: b\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n",
            CurrentTest.Cancellation);

        response.StatusCode.Should().Be(200);
        response.Header("X-Method").Should().Be("post", "the method is sent as written, not normalised");
        response.Header("X-Fields").Should().Be("2", "two fields of one header stay two");
        response.Header("Transfer-Encoding").Should().Be("chunked");
        response.Body.Should().Be("read 5 bytes");
    }

    [Fact]
    public async Task A_counted_answer_is_read_to_its_length_and_a_refused_request_still_gets_its_answer()
    {
        await using var app = await ServiceHost.StartAsync(Echo, cancellationToken: CurrentTest.Cancellation);

        var counted = await RawHttp.SendAsync(app.BaseAddress, "GET /?counted HTTP/1.1\r\nHost: x\r\n\r\n", CurrentTest.Cancellation);
        counted.Header("Content-Length").Should().Be("12");
        counted.Body.Should().Be("read 0 bytes");

        // Kestrel's body reader refuses the broken chunk size; the app's read throws, Kestrel answers 400 and closes.
        var broken = await RawHttp.SendAsync(app.BaseAddress,
            "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", CurrentTest.Cancellation);
        broken.StatusCode.Should().Be(400);
    }
}
