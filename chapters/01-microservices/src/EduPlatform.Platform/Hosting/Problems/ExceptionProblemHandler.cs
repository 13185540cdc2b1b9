using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace EduPlatform.Platform.Hosting.Problems;

/// <summary>
/// Turns the exceptions that describe the request or a dependency, not a bug, into the right 4xx or
/// 503 problem: a body over the size limit (Kestrel's 413), a malformed request (400), a database
/// that is down (503, so clients and balancers retry elsewhere instead of reporting a bug). Anything
/// else is a bug: the default handler answers a bare 500 problem and the exception is logged.
/// </summary>
public sealed partial class ExceptionProblemHandler(IProblemDetailsService problems, ILogger<ExceptionProblemHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = exception switch
        {
            BadHttpRequestException bad => new ProblemDetails
            {
                Status = bad.StatusCode,
                Title = bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? "Request body too large" : "Bad request",
                Detail = bad.InnerException is JsonException { Path: { } path } ? $"{bad.Message} The value at {path} is not valid." : bad.Message,
            },
            JsonException => new ProblemDetails { Status = StatusCodes.Status400BadRequest, Title = "Malformed JSON" },
            NpgsqlException { IsTransient: true } or TimeoutException => new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Database unavailable",
                Detail = "The service's database did not answer; retry later.",
            },
            _ => null,
        };
        if (problem is null)
        {
            return false;
        }

        if (problem.Status == StatusCodes.Status503ServiceUnavailable)
        {
            LogDependencyFailure(logger, exception.Message);
            httpContext.Response.Headers.RetryAfter = "1";
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dependency failure answered with 503: {Reason}")]
    private static partial void LogDependencyFailure(ILogger logger, string reason);
}
