using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace EduPlatform.Harness.Hosting;

/// <summary>Starts an app in the test process with the harness's <see cref="InProcessSetup"/> applied.</summary>
internal abstract class InProcessLauncher
{
    public abstract Task<RunningApp> LaunchAsync(InProcessSetup setup, CancellationToken cancellationToken);

    /// <summary>A started app: its host (to stop it) and what owns its resources (to dispose).</summary>
    internal sealed record RunningApp(IHost Host, IAsyncDisposable Owner);

    /// <summary>The app is built by a <see cref="BuildWebApplication"/> delegate: no reflection, no deps-file lookups.</summary>
    internal sealed class FromBuildDelegate(BuildWebApplication build) : InProcessLauncher
    {
        public override async Task<RunningApp> LaunchAsync(InProcessSetup setup, CancellationToken cancellationToken)
        {
            var configured = false;
            var app = build(setup.CommandLineArguments(), builder =>
            {
                configured = true;
                builder.WebHost.ConfigureKestrel(setup.ConfigureKestrel);
                setup.ConfigureLogging(builder.Logging);
                setup.ConfigureServices(builder.Services);
            });

            if (!configured)
            {
                await app.DisposeAsync();
                throw new InvalidOperationException(
                    "The build delegate never called its configure callback, so the host could not set the app's port, " +
                    "logging or services. Call configure(builder) after the app's registrations and before builder.Build().");
            }

            try
            {
                await app.StartAsync(cancellationToken);
            }
            catch
            {
                await app.DisposeAsync();
                throw;
            }

            return new RunningApp(app, app);
        }
    }

    /// <summary>
    /// The app is started through its entry point (<c>Program</c>, top-level statements included) by
    /// <see cref="Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory{TEntryPoint}"/> on Kestrel.
    /// </summary>
    internal sealed class FromEntryPoint<TEntryPoint> : InProcessLauncher where TEntryPoint : class
    {
        public override async Task<RunningApp> LaunchAsync(InProcessSetup setup, CancellationToken cancellationToken)
        {
            var factory = new KestrelWebApplicationFactory<TEntryPoint>(setup);
            try
            {
                factory.UseKestrel(setup.ConfigureKestrel);
                await Task.Run(factory.StartServer, cancellationToken);
                return new RunningApp(factory.Services.GetRequiredService<IHost>(), factory);
            }
            catch
            {
                await factory.DisposeAsync();
                throw;
            }
        }
    }
}
