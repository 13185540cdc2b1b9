using EduPlatform.Gateway.Configuration;
using EduPlatform.Harness.Hosting;
using Microsoft.Extensions.Logging;

namespace EduPlatform.Gateway.Tests.Support;

/// <summary>The gateway on a real Kestrel port (in the test process), and a client for it.</summary>
public sealed class GatewayUnderTest : IAsyncDisposable
{
    private static readonly ServiceApp Gateway = ServiceApp.FromBuild<GatewayOptions>(GatewayHost.Build, "gateway");

    private GatewayUnderTest(ServiceInstance instance)
    {
        Instance = instance;
        Client = instance.CreateClient(TimeSpan.FromSeconds(30));
    }

    public ServiceInstance Instance { get; }

    public HttpClient Client { get; }

    public static async Task<GatewayUnderTest> StartAsync(GatewaySettings settings, Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var instance = await ServiceHost.StartAsync(Gateway, new ServiceHostOptions
        {
            Configuration = settings.Values,
            MinimumLogLevel = log is null ? LogLevel.Warning : LogLevel.Information,
            Log = log,
        }, TestContext.Current.CancellationToken);
        return new GatewayUnderTest(instance);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Instance.DisposeAsync();
    }
}
