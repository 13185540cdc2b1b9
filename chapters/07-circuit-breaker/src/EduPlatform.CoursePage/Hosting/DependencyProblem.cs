using System.Globalization;
using EduPlatform.CoursePage.Dependencies;

namespace EduPlatform.CoursePage.Hosting;

/// <summary>Turns a <see cref="DependencyFailure"/> into the problem+json response our caller gets.</summary>
public static class DependencyProblem
{
    public static IResult For(DependencyFailure failure, HttpResponse response)
    {
        var (status, type, title) = failure.Kind switch
        {
            DependencyFailureKind.NotFound => (StatusCodes.Status404NotFound, ProblemTypes.NotFound, "Not found"),
            DependencyFailureKind.CircuitOpen => (StatusCodes.Status503ServiceUnavailable, ProblemTypes.CircuitOpen, "Dependency circuit open"),
            DependencyFailureKind.BulkheadFull => (StatusCodes.Status503ServiceUnavailable, ProblemTypes.BulkheadFull, "Dependency bulkhead full"),
            DependencyFailureKind.Unavailable => (StatusCodes.Status503ServiceUnavailable, ProblemTypes.DependencyUnavailable, "Dependency unavailable"),
            DependencyFailureKind.TimedOut => (StatusCodes.Status504GatewayTimeout, ProblemTypes.DependencyTimeout, "Dependency timed out"),
            _ => (StatusCodes.Status502BadGateway, ProblemTypes.BadGateway, "Dependency failed"),
        };

        // Pass the wait on, rounded up to whole seconds as the header requires, so our callers back off too.
        if (failure.RetryAfter is { } wait && wait > TimeSpan.Zero)
        {
            response.Headers.RetryAfter = Math.Ceiling(wait.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        }

        return TypedResults.Problem(
            detail: failure.Detail,
            statusCode: status,
            title: title,
            type: type,
            extensions: new Dictionary<string, object?> { ["dependency"] = failure.Dependency.ToLowerInvariant() });
    }
}
