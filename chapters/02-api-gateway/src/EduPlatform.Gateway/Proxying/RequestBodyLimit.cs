using EduPlatform.Gateway.Edge;
using Microsoft.AspNetCore.Http.Features;
using Yarp.ReverseProxy.Model;

namespace EduPlatform.Gateway.Proxying;

/// <summary>
/// Refuses a body over the route's limit with a 413 problem before a service sees any of it. A
/// declared body (<c>Content-Length</c>) is judged by its header; a streamed one (chunked) is read
/// into a buffer first, up to the limit, as nginx does by default (<c>proxy_request_buffering
/// on</c>): forwarded half-way, it would reach the service as a request that breaks off.
///
/// Before answering 413 the rest of the body is read and thrown away, up to
/// <see cref="DiscardAtMostBytes"/> more: a server that closes a connection with unread bytes
/// makes the kernel send a reset, which can destroy the 413 before the client reads it (nginx's
/// lingering close does the same). A larger excess gets its 413 and the connection is closed; a body
/// declared larger than that gets it at once, without waiting for bytes that would be thrown away.
/// </summary>
public sealed class RequestBodyLimit(RequestDelegate next)
{
    public const long DiscardAtMostBytes = 1024 * 1024;

    private const int MemoryBufferBytes = 32 * 1024;

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        var sizeLimit = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (LimitOf(context, sizeLimit) is not { } limit || sizeLimit is null || sizeLimit.IsReadOnly)
        {
            await next(context);
            return;
        }

        var declared = request.ContentLength;
        var streamed = declared is null && request.Headers.TransferEncoding.Count > 0;
        if (declared <= limit || (declared is null && !streamed))
        {
            await next(context);
            return;
        }

        // From here the gateway counts the bytes itself: Kestrel's own limit would fail the read
        // at the first byte too many, with the rest still unread.
        sizeLimit.MaxRequestBodySize = null;
        if (declared is not null)
        {
            if (declared <= limit + DiscardAtMostBytes)
            {
                await ReadAtMostAsync(request.Body, limit + DiscardAtMostBytes, context.RequestAborted);
            }
            else
            {
                context.Response.Headers.Connection = "close";
            }

            await TooLargeAsync(context, limit);
            return;
        }

        request.EnableBuffering(MemoryBufferBytes);
        if (await ReadAtMostAsync(request.Body, limit + DiscardAtMostBytes, context.RequestAborted) > limit)
        {
            await TooLargeAsync(context, limit);
            return;
        }

        request.Body.Position = 0;
        await next(context);
    }

    /// <summary>
    /// The route's own limit (YARP's <c>MaxRequestBodySize</c>; -1 means none), else the server's; null is unlimited.
    /// YARP writes the route's limit into the request only at the end of its pipeline, just before forwarding: too
    /// late to refuse a body before a service sees any of it, and never once something has read the body. So the
    /// gateway reads the limit from the route itself.
    /// </summary>
    private static long? LimitOf(HttpContext context, IHttpMaxRequestBodySizeFeature? sizeLimit) =>
        context.GetReverseProxyFeature().Route.Config.MaxRequestBodySize switch
        {
            null => sizeLimit?.MaxRequestBodySize,
            < 0 => null,
            var route => route,
        };

    public static Task TooLargeAsync(HttpContext context, long? limit) =>
        GatewayProblem.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, "Request body too large",
            $"This route accepts bodies up to {limit} bytes.");

    private static async Task<long> ReadAtMostAsync(Stream body, long most, CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        long total = 0;
        int read;
        while (total <= most && (read = await body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            total += read;
        }

        return total;
    }
}
