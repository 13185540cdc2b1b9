using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace EduPlatform.Platform.Hosting.Health;

/// <summary>
/// <c>/health/live</c>: the process answers (no dependency checked, so a database outage never
/// gets the process restarted). <c>/health/ready</c>: every hosted module's database answers and
/// the host is not shutting down; 503 otherwise.
/// </summary>
public static class HealthEndpoints
{
    public const string ReadinessTag = "ready";

    private static readonly HttpMethodMetadata ReadOnly = new([HttpMethods.Get, HttpMethods.Head]);

    public static IServiceCollection AddPlatformHealth(this IServiceCollection services)
    {
        services.AddHealthChecks().AddCheck<ShutdownReadinessCheck>("shutdown", tags: [ReadinessTag]);
        return services;
    }

    public static IEndpointRouteBuilder MapPlatformHealth(this IEndpointRouteBuilder endpoints)
    {
        // MapHealthChecks answers every method; a probe only ever reads, so anything but GET and HEAD is a 405.
        endpoints.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteReportAsync })
            .WithMetadata(ReadOnly).AllowAnonymous();
        endpoints.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadinessTag), ResponseWriter = WriteReportAsync })
            .WithMetadata(ReadOnly).AllowAnonymous();
        return endpoints;
    }

    private static Task WriteReportAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.Select(entry => new
            {
                name = entry.Key,
                status = entry.Value.Status.ToString(),
                description = entry.Value.Description,
                durationMs = Math.Round(entry.Value.Duration.TotalMilliseconds, 1),
            }),
        };
        return JsonSerializer.SerializeAsync(context.Response.Body, body, JsonSerializerOptions.Web, context.RequestAborted);
    }
}
