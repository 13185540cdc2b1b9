using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace EduPlatform.Harness.Hosting;

/// <summary>An instance running in the test process on a real Kestrel port.</summary>
internal sealed class InProcessServiceInstance(string name, InProcessLauncher launcher, ServiceHostOptions options)
    : ServiceInstance(name, options)
{
    private InProcessLauncher.RunningApp? _app;
    private OpenConnections? _connections;

    public override HostingMode Mode => HostingMode.InProcess;

    public override IServiceProvider Services =>
        _app?.Host.Services ?? throw new InvalidOperationException($"{Name} is not running ({State}).");

    public override int ProcessId => Environment.ProcessId;

    private protected override bool HasExited => _app is null;

    private protected override async Task StartCoreAsync(CancellationToken cancellationToken)
    {
        _connections = new OpenConnections();
        var setup = new InProcessSetup(Options, Name, Port, _connections);
        _app = await launcher.LaunchAsync(setup, cancellationToken);
        if (Port == 0)
        {
            Port = BoundPort(_app.Host.Services);
        }
    }

    private protected override async Task StopCoreAsync(CancellationToken cancellationToken)
    {
        var app = _app!;
        _app = null;
        using var drain = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        drain.CancelAfter(Options.ShutdownTimeout);
        try
        {
            await app.Host.StopAsync(drain.Token);
        }
        finally
        {
            await app.Owner.DisposeAsync();
        }
    }

    private protected override async Task KillCoreAsync()
    {
        var app = _app;
        _app = null;
        // RST first, so no client gets a graceful FIN; then stop with an already-cancelled token:
        // Kestrel unbinds and aborts instead of draining, hosted services get no grace period.
        _connections?.ResetAll();
        if (app is null)
        {
            return;
        }

        using var noGrace = new CancellationTokenSource();
        await noGrace.CancelAsync();
        try
        {
            await app.Host.StopAsync(noGrace.Token);
        }
        catch (OperationCanceledException)
        {
            // Expected: nothing was given time to finish.
        }
        finally
        {
            await app.Owner.DisposeAsync();
        }
    }

    private protected override string DescribeForDiagnostics() =>
        $"In process; {_connections?.Count ?? 0} open connection(s). The app's logs are in the test output.";

    private static int BoundPort(IServiceProvider services)
    {
        var addresses = services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses
                        ?? throw new InvalidOperationException("The server does not report its addresses.");
        var address = addresses.FirstOrDefault()
                      ?? throw new InvalidOperationException("The server is not listening on any address.");
        return new Uri(address).Port;
    }
}
