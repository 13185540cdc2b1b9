using System.Text.Json;
using EduPlatform.Cqrs.Domain;
using EduPlatform.Cqrs.Projections;
using EduPlatform.EventStore;
using Microsoft.AspNetCore.Diagnostics;

namespace EduPlatform.Cqrs.Http;

/// <summary>
/// Every exception becomes an RFC 9457 problem: refused commands and bad input a 4xx with their message, anything
/// unexpected a 500 that says nothing about the internals (it is logged).
/// </summary>
internal sealed class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title, type, detail) = exception switch
        {
            CommandRejectedException { Rejection: Rejection.Invalid } e => (400, "Invalid command", Problems.InvalidRequest, e.Message),
            CommandRejectedException { Rejection: Rejection.NotEnrolled } e => (404, "Not enrolled", Problems.NotEnrolled, e.Message),
            CommandRejectedException e => (409, "Command refused", Problems.EnrollmentConflict, e.Message),
            GenerationConflictException e => (409, "Generation conflict", Problems.GenerationConflict, e.Message),
            GenerationNotFoundException e => (404, "No such generation", Problems.GenerationNotFound, e.Message),
            // Ids are checked before they reach a stream name; this is the store's own last check.
            EventStoreException e => (400, "Invalid request", Problems.InvalidRequest, e.Message),
            // Malformed JSON, a body over the size limit, a query value of the wrong type.
            BadHttpRequestException e => (e.StatusCode, "Bad request", Problems.InvalidRequest, e.Message),
            JsonException => (400, "Bad request", Problems.InvalidRequest, "The body is not the JSON this endpoint takes."),
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
