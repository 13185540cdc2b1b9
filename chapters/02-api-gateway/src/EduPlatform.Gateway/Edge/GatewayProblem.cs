using Microsoft.AspNetCore.Mvc;

namespace EduPlatform.Gateway.Edge;

/// <summary>
/// Writes the gateway's own errors (401, 404, 413, 429, 502, 503, 504) as RFC 9457
/// <c>application/problem+json</c>, each carrying the request's correlation id so a caller's bug
/// report leads straight to the access-log line.
/// </summary>
public static class GatewayProblem
{
    public static Task WriteAsync(HttpContext context, int status, string title, string detail)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.StatusCode = status;
        return context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        }).AsTask();
    }

    /// <summary>Problem details for every error the gateway writes, and for status-code-only responses.</summary>
    public static IServiceCollection AddGatewayProblemDetails(this IServiceCollection services) =>
        services.AddProblemDetails(problems => problems.CustomizeProblemDetails = context =>
        {
            context.ProblemDetails.Instance ??= context.HttpContext.Request.Path;
            context.ProblemDetails.Extensions["correlationId"] = context.HttpContext.TraceIdentifier;
        });
}
