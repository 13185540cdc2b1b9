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
            UnknownEventTypeException => (400, "Unknown event type", Problems.UnknownEventType, "An event's type is not one this store knows."),
            EventTooLargeException e => (413, "Event too large", Problems.EventTooLarge, e.Message),
            InvalidAppendException e => (400, "Invalid append", Problems.InvalidAppend, e.Message),
            NulCharacterException e => (400, "Invalid event content", Problems.InvalidEventContent, e.Message),
            // Malformed JSON, a body over the size limit, no JSON content type. The framework's own messages name the
            // handler's parameters ("AppendRequest request"), so the client gets one of ours instead.
            BadHttpRequestException e => (e.StatusCode, "Bad request", Problems.InvalidRequest, BadRequestDetail(e)),
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

    private static string BadRequestDetail(BadHttpRequestException exception) => exception.StatusCode switch
    {
        StatusCodes.Status413PayloadTooLarge => "The request body is larger than this server accepts.",
        StatusCodes.Status415UnsupportedMediaType => "The body must be JSON, sent with Content-Type: application/json.",
        _ when exception.InnerException is JsonException { Path: { } path } =>
            $"The body is not JSON of the expected shape (at {path}): malformed, a value of the wrong type (numbers are JSON numbers, not strings), or a property given twice.",
        _ => "The request could not be read: the body must be a JSON object with expectedVersion and events.",
    };
}
