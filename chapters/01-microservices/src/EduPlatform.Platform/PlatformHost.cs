using EduPlatform.Platform.Hosting;
using EduPlatform.Platform.Hosting.Edge;
using EduPlatform.Platform.Hosting.Health;
using EduPlatform.Platform.Hosting.Observability;
using EduPlatform.Platform.Hosting.Problems;
using EduPlatform.Platform.Hosting.Security;
using Microsoft.Extensions.Options;

namespace EduPlatform.Platform;

/// <summary>
/// Builds the EduPlatform host: the monolith or a service, the same pipeline either way. Only the
/// set of modules differs, so both shapes serve the same HTTP API.
/// </summary>
public static class PlatformHost
{
    /// <param name="args">Command line, e.g. <c>--Platform:Modules=courses --ConnectionStrings:Courses=...</c>.</param>
    /// <param name="configure">
    /// A last say over the builder, after every registration and before <c>Build()</c>: a test host sets
    /// the port, logging and service overrides here.
    /// </param>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        // The content root is the app's folder, so appsettings.json is found whatever the working directory.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });

        var platform = PlatformOptions.From(builder.Configuration);
        var selection = ModuleSelection.Parse(platform.Modules);

        builder.Services.AddSingleton(Options.Create(platform));
        builder.Services.AddSingleton(selection);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = platform.MaxRequestBodyBytes;
        });
        // Binding failures (malformed JSON, wrong types, a missing body) throw, so the problem
        // response can say what was wrong instead of being an empty 400.
        builder.Services.Configure<RouteHandlerOptions>(routes => routes.ThrowOnBadRequest = true);
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(platform.ShutdownTimeoutSeconds));

        builder.Services.AddStrictJson();
        builder.Services.AddPlatformProblemDetails();
        builder.Services.AddPlatformHealth();
        builder.Services.AddPlatformAuthentication(builder.Configuration, issuerHostedHere: selection.Hosts("users"));
        builder.Services.AddHostedService<ModuleSchemaInitializer>();
        foreach (var module in selection.Modules)
        {
            module.AddServices(builder.Services, builder.Configuration);
        }

        configure?.Invoke(builder);
        var app = builder.Build();
        if (platform.AccessLog)
        {
            app.UseMiddleware<AccessLogMiddleware>();
        }

        app.Use((context, next) =>
        {
            context.Response.Headers["X-Served-By"] = platform.InstanceName;
            return next(context);
        });
        app.UsePlatformProblemDetails();
        app.UseRequestLineChecks();
        // Routing after the request-line checks, so a request they refuse never reaches an endpoint.
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseBodyChecks();

        app.MapPlatformHealth();
        app.MapGet("/", () => new { service = "EduPlatform.Platform", instance = platform.InstanceName, modules = selection.Modules.Select(module => module.Name) })
            .AllowAnonymous();
        foreach (var module in selection.Modules)
        {
            module.MapEndpoints(app);
        }

        return app;
    }
}
