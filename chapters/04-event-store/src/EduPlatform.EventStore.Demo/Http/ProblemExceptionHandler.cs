using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;

namespace EduPlatform.EventStore.Demo.Http;

/// <summary>
/// Turns every exception into an RFC 9457 problem: the store's input errors into 4xx with their
/// message, anything unexpected into a 500 that says nothing about the internals (it is logged).
/// </summary>
internal sealed class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title, type, detail) = exception switch
        {
            InvalidStreamIdException e => (400, "Invalid stream id", Problems.InvalidStreamId, e.Message),
            UnknownEventTypeException e => (400, "Unknown event type", Problems.UnknownEventType, e.Message),
            EventTooLargeException e => (413, "Event too large", Problems.EventTooLarge, e.Message),
            InvalidAppendException e => (400, "Invalid append", Problems.InvalidAppend, e.Message),
            NulCharacterException e => (400, "Invalid event content", Problems.InvalidEventContent, e.Message),
            // Malformed JSON, a body over the size limit, a query value of the wrong type.
            BadHttpRequestException e => (e.StatusCode, "Bad request", Problems.InvalidRequest, e.Message),
            JsonException => (400, "Event data does not fit its type", Problems.InvalidRequest,
                "An event's data is missing a required field or has a field of the wrong type."),
            _ => (500, "Internal error", Problems.Internal, "The request failed unexpectedly; the error has been logged."),
        };
        if (status >= 500)
        {
            logger.LogError(exception, "Unhandled error for {Method} {Path}", httpContext.Request.Method, httpContext.Request.Path);
        }

        httpContext.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = { Status = status, Title = title, Type = type, Detail = detail },
        });
    }
}
