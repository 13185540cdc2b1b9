using System.Text.Json.Serialization;
using EduPlatform.Bff.Dashboard;
using EduPlatform.Bff.Downstreams;
using EduPlatform.Bff.Hosting;
using EduPlatform.Bff.Security;

namespace EduPlatform.Bff;

/// <summary>
/// Builds the BFF: the dashboard endpoint, bearer validation, the downstream clients, the cache, problem+json for every
/// error. <c>Program.cs</c> is <c>BffHost.Build(args).Run()</c>; a test host passes <paramref name="configure"/>.
/// </summary>
public static class BffHost
{
    /// <param name="configure">A last say over the builder before <c>Build()</c> (the harness sets port, logging, clock).</param>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestHeadersTotalSize = RequestLimits.KestrelHeaderBytes;
            kestrel.Limits.MaxRequestHeaderCount = RequestLimits.KestrelHeaderCount;
            kestrel.Limits.MaxRequestBodySize = 1024; // GET only
        });

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddProblemDetails(problems => problems.CustomizeProblemDetails = context =>
            context.ProblemDetails.Extensions["traceId"] = context.HttpContext.TraceIdentifier);
        // A query that does not bind answers 400 in every environment instead of throwing into a 500.
        builder.Services.Configure<RouteHandlerOptions>(routes => routes.ThrowOnBadRequest = false);
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.Never);
        builder.Services.AddBffAuthentication(builder.Configuration.GetSection(BffAuthOptions.Section).Get<BffAuthOptions>() ?? new BffAuthOptions());
        builder.Services.AddDownstreams(builder.Configuration);
        builder.Services.AddDashboard(builder.Configuration);

        configure?.Invoke(builder);
        var app = builder.Build();

        app.UseRequestArrival(app.Services.GetRequiredService<TimeProvider>());
        // Unhandled exceptions and empty error answers (404, 405...) become problem+json; no stack traces.
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseRequestLimits();
        app.UseAuthentication();
        app.UseAuthorization();

        app.MapGet("/health/live", () => TypedResults.Ok(new { status = "live" }));
        app.MapGet("/health/ready", () => TypedResults.Ok(new { status = "ready" }));
        app.MapDashboard();
        return app;
    }
}
