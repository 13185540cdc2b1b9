using Microsoft.AspNetCore.Mvc;

namespace EduPlatform.Platform.Hosting.Edge;

/// <summary>The 400 problem an edge check answers with, before any module runs.</summary>
internal static class EdgeProblem
{
    public static async Task WriteAsync(HttpContext context, string title, string detail)
    {
        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = StatusCodes.Status400BadRequest, Title = title, Detail = detail },
        });
    }
}
