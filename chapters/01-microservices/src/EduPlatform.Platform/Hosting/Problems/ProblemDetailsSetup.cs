using System.Diagnostics;

namespace EduPlatform.Platform.Hosting.Problems;

/// <summary>
/// Every error leaves the host as RFC 9457 <c>application/problem+json</c>: errors endpoints return
/// on purpose (validation, 404 of an unknown id, idempotency conflicts), errors the framework raises
/// with an empty body (unknown route, 405, binding failures, 401/403) through the status-code-pages
/// middleware, and exceptions through <see cref="ExceptionProblemHandler"/>. No stack trace is ever
/// written to a response.
/// </summary>
public static class ProblemDetailsSetup
{
    public static IServiceCollection AddPlatformProblemDetails(this IServiceCollection services)
    {
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            context.ProblemDetails.Instance ??= context.HttpContext.Request.Path;
            // The trace id ties the client's error to the access log line and traces.
            context.ProblemDetails.Extensions["traceId"] = Activity.Current?.Id ?? context.HttpContext.TraceIdentifier;
        });
        services.AddExceptionHandler<ExceptionProblemHandler>();
        return services;
    }

    public static IApplicationBuilder UsePlatformProblemDetails(this IApplicationBuilder app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        return app;
    }
}
