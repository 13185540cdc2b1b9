using EduPlatform.Saga.Host.Http;
using Microsoft.AspNetCore.Http.Json;

namespace EduPlatform.Saga.Host;

/// <summary>
/// The saga host, built in one place: <c>Program.cs</c> runs it, and the harness builds it in process the same way
/// (with its own configuration and services, passed to <paramref name="configure"/>).
/// </summary>
public static class SagaHostApp
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);

        // An enrollment request is a few hundred bytes; 16 KiB leaves room and keeps one client from sending megabytes.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = 16 * 1024);
        builder.Services.Configure<JsonOptions>(json => json.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
        // Binding failures (malformed JSON, a value of the wrong type) throw, so the handler above answers them as problems.
        builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        builder.Services.AddSingleton<SagaNodeService>();
        builder.Services.AddHostedService(services => services.GetRequiredService<SagaNodeService>());
        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        EnrollmentEndpoints.Map(app);
        return app;
    }
}
