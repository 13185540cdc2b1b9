using System.Net;
using EduPlatform.Harness.Time;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EduPlatform.Harness.Hosting;

/// <summary>
/// Everything the harness changes in an in-process app, in one place, applied the same way whether
/// the app is built by a delegate or through its entry point: the Kestrel endpoint (loopback, the
/// instance's port, connection tracking), configuration, environment, logging and services.
/// </summary>
internal sealed class InProcessSetup(ServiceHostOptions options, string source, int port, OpenConnections connections)
{
    public ServiceHostOptions Options { get; } = options;

    /// <summary>0 on the first start (Kestrel picks a free port); the same port on restarts.</summary>
    public int Port { get; } = port;

    /// <summary>
    /// Host and app configuration as command-line arguments: the highest-precedence source, and
    /// present from the moment <c>WebApplication.CreateBuilder(args)</c> runs.
    /// </summary>
    public string[] CommandLineArguments()
    {
        var arguments = new List<string>
        {
            $"--environment={Options.EnvironmentName}",
            // Dozens of short-lived hosts would each watch appsettings.json with inotify otherwise.
            "--hostBuilder:reloadConfigOnChange=false",
        };
        arguments.AddRange(Options.Configuration.Select(setting => $"--{setting.Key}={setting.Value}"));
        return [.. arguments];
    }

    public void ConfigureKestrel(KestrelServerOptions kestrel) =>
        kestrel.Listen(IPAddress.Loopback, Port, listen => listen.Use(connections.Middleware));

    public void ConfigureLogging(ILoggingBuilder logging)
    {
        logging.ClearProviders();
        logging.SetMinimumLevel(Options.MinimumLogLevel);
        logging.AddProvider(new TestOutputLoggerProvider(new LogSink(Options.Log), source));
    }

    public void ConfigureServices(IServiceCollection services)
    {
        if (Options.TimeProvider is not null)
        {
            services.ReplaceTimeProvider(Options.TimeProvider);
        }

        Options.ConfigureServices?.Invoke(services);
    }
}
