using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;

namespace EduPlatform.Harness.Hosting;

/// <summary>
/// A <see cref="WebApplicationFactory{TEntryPoint}"/> that applies the harness's setup. Kestrel is
/// switched on by the launcher (<c>UseKestrel</c>), so the app listens on a real port, not TestServer.
/// </summary>
/// <remarks>
/// Configuration overrides go in as host settings (<c>UseSetting</c>), which the app's builder
/// sees from its creation: code in Program.cs that reads configuration before <c>Build()</c> gets
/// them too (a harness test checks this), as well as an in-memory source for anything read later.
/// </remarks>
internal sealed class KestrelWebApplicationFactory<TEntryPoint>(InProcessSetup setup)
    : WebApplicationFactory<TEntryPoint> where TEntryPoint : class
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(setup.Options.EnvironmentName);
        foreach (var (key, value) in setup.Options.Configuration)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureAppConfiguration(configuration => configuration.AddInMemoryCollection(setup.Options.Configuration));
        builder.ConfigureLogging(setup.ConfigureLogging);
        builder.ConfigureTestServices(setup.ConfigureServices);
    }
}
