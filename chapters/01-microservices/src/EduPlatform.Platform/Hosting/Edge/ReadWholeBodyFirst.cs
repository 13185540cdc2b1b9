using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;

namespace EduPlatform.Platform.Hosting.Edge;

/// <summary>
/// An endpoint that takes no body (an enrollment POST) acts only on a request the server could read whole. Without
/// this it acts first and the server reads the unread body afterwards: a request with broken chunked framing got
/// its enrollment made, then its connection dropped. Here such a body is read to its end (and discarded) before the
/// endpoint runs, so broken framing or an oversized body fails the request (400, 413) before anything is stored.
/// Endpoints that bind a body read it whole themselves.
/// </summary>
internal sealed class ReadWholeBodyFirst(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var takesNoBody = context.GetEndpoint() is { } endpoint && endpoint.Metadata.GetMetadata<IAcceptsMetadata>() is null;
        if (takesNoBody && context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody == true)
        {
            // Throws BadHttpRequestException on broken framing or a body over the limit: the exception handler's 400 or 413.
            await context.Request.Body.CopyToAsync(Stream.Null, context.RequestAborted);
        }

        await next(context);
    }
}
