using Microsoft.Extensions.DependencyInjection.Extensions;

namespace EduPlatform.Harness.SampleApp;

/// <summary>
/// The app's composition as code, the shape the harness recommends for chapter apps:
/// <c>Build(args, configure)</c> lets a test host adjust the builder (services, Kestrel, logging)
/// after the app's own registrations and before <c>Build()</c>. Not static, so that tests can name
/// it as the assembly's marker type where several apps' <c>Program</c> classes clash.
/// </summary>
public sealed class SampleApplication
{
    private SampleApplication()
    {
    }

    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);

        // Read eagerly, before Build(), on purpose: hosting overrides must already be visible here,
        // as a connection string read at registration time would be.
        var greeting = builder.Configuration["Sample:Greeting"] ?? "hello";

        builder.Services.TryAddSingleton(TimeProvider.System);
        configure?.Invoke(builder);

        var app = builder.Build();

        app.MapGet("/health/ready", () => Results.Text("ready"));
        app.MapGet("/hello", () => Results.Text(greeting));
        app.MapGet("/config/{key}", (string key, IConfiguration configuration) =>
            configuration[key] is { } value ? Results.Text(value) : Results.NotFound());
        app.MapGet("/process", () => Results.Text(Environment.ProcessId.ToString()));
        app.MapGet("/now", (TimeProvider time) => Results.Text(time.GetUtcNow().ToString("O")));
        app.MapGet("/slow", async (int ms, ILogger<SlowEndpoint> logger, CancellationToken aborted) =>
        {
            // Tests wait for this line to know the request is in flight before they kill the instance.
            logger.LogInformation("slow request started");
            await Task.Delay(ms, aborted);
            return Results.Text("finally");
        });
        app.MapPost("/log", (string message, ILogger<LogEndpoint> logger) =>
        {
            logger.LogInformation("sample says {Message}", message);
            return Results.NoContent();
        });

        return app;
    }

    /// <summary>Category type for the log endpoint's logger.</summary>
    private sealed class LogEndpoint;

    /// <summary>Category type for the slow endpoint's logger.</summary>
    private sealed class SlowEndpoint;
}
