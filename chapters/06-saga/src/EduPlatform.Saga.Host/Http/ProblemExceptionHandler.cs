using Microsoft.AspNetCore.Diagnostics;

namespace EduPlatform.Saga.Host.Http;

/// <summary>
/// Every exception becomes an RFC 9457 problem: a malformed or oversized body a 4xx with what was wrong, anything
/// unexpected a 500 that says nothing about the internals (it is logged).
/// </summary>
internal sealed class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title, type, detail) = exception switch
        {
            BadHttpRequestException e => (e.StatusCode, "Bad request", ProblemTypes.InvalidRequest, e.Message),
            System.Text.Json.JsonException => (400, "Bad request", ProblemTypes.InvalidRequest, "The body is not the JSON this endpoint takes."),
            _ => (500, "Internal error", ProblemTypes.Internal, "The request failed unexpectedly; the error has been logged."),
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
