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
            NpgsqlException database when IsDatabaseUnavailable(database) => new ProblemDetails
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

    /// <summary>
    /// The database cannot serve anyone right now (unreachable, shutting down, out of connections,
    /// gone), as opposed to a statement that is wrong, which is a bug and stays a 500.
    /// </summary>
    private static bool IsDatabaseUnavailable(NpgsqlException exception) =>
        exception.IsTransient
        || exception is PostgresException { SqlState: var state }
            && (state.StartsWith("08", StringComparison.Ordinal) // connection exception
                || state.StartsWith("53", StringComparison.Ordinal) // insufficient resources (too many connections)
                || state.StartsWith("57P", StringComparison.Ordinal) // operator intervention (admin shutdown)
                || state == PostgresErrorCodes.InvalidCatalogName); // the database does not exist

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dependency failure answered with 503: {Reason}")]
    private static partial void LogDependencyFailure(ILogger logger, string reason);
}
