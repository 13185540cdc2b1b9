using System.Text.Json;
using System.Text.RegularExpressions;
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
                Detail = ClientDetail(bad, httpContext.Request),
            },
            JsonException json => new ProblemDetails { Status = StatusCodes.Status400BadRequest, Title = "Malformed JSON", Detail = JsonDetail(json) },
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
    /// What the client did wrong, in the API's own words. The framework's messages name the handler's parameters and
    /// their .NET types (<c>Failed to read parameter "ChargeRequest request" from the request body as JSON</c>): how
    /// the platform is built, which a client has no use for and an attacker does. Only the public names survive: the
    /// JSON path of a bad value, the route or query name of a bad id.
    /// </summary>
    private static string ClientDetail(BadHttpRequestException bad, HttpRequest request) => bad switch
    {
        { StatusCode: StatusCodes.Status413PayloadTooLarge } => "The request body is larger than this service accepts.",
        { StatusCode: StatusCodes.Status415UnsupportedMediaType } => "The request body must be JSON, sent as Content-Type: application/json.",
        { InnerException: JsonException json } => JsonDetail(json),
        _ when BoundValue().Match(bad.Message) is { Success: true } value => $"The value of '{value.Groups["name"].Value}' is not valid.",
        _ when request.ContentLength is null or 0 && request.Headers.TransferEncoding.Count == 0 && bad.Message.Contains("body", StringComparison.Ordinal)
            => "A JSON request body is required.",
        _ => "The request could not be read.",
    };

    private static string JsonDetail(JsonException json) =>
        json.Path is { Length: > 1 } path ? $"The value at {path} is not valid." : "The request body is not the JSON this endpoint takes.";

    /// <summary>The framework's message for a route or query value that does not parse: <c>Failed to bind parameter "int id" from "abc".</c></summary>
    [GeneratedRegex("""^Failed to bind parameter "[^"]*?(?<name>\w+)" from""")]
    private static partial Regex BoundValue();

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
