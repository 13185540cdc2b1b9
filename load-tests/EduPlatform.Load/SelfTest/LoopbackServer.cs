using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EduPlatform.Load.SelfTest;

/// <summary>
/// A trivial Kestrel app on 127.0.0.1 and a free port: <c>GET /ping</c> answers "pong". It can
/// be told to stall every request for a while (<see cref="Stall"/>), the way a GC pause, a lock
/// or a failover freezes a real service, so the engine's honesty can be shown against it.
/// Not the harness's service hosting: just enough server to let the load pipeline run end to end.
/// </summary>
public sealed class LoopbackServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private long _requests;
    private long _stallUntilTicks;

    private LoopbackServer(WebApplication app) => _app = app;

    public Uri BaseAddress { get; private set; } = null!;

    public Uri PingUri => new(BaseAddress, "/ping");

    /// <summary>Requests the server has answered or is answering.</summary>
    public long Requests => Interlocked.Read(ref _requests);

    public static async Task<LoopbackServer> StartAsync(int port = 0, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(System.Net.IPAddress.Loopback, port));
        var app = builder.Build();
        var server = new LoopbackServer(app);
        app.MapGet("/ping", server.PingAsync);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseAddress = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
        return server;
    }

    /// <summary>Every request arriving in the next <paramref name="duration"/> waits until it is over.</summary>
    public void Stall(TimeSpan duration) =>
        Interlocked.Exchange(ref _stallUntilTicks, Environment.TickCount64 + (long)duration.TotalMilliseconds);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task PingAsync(HttpContext context)
    {
        Interlocked.Increment(ref _requests);
        var wait = Interlocked.Read(ref _stallUntilTicks) - Environment.TickCount64;
        if (wait > 0)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(wait), context.RequestAborted);
        }

        await context.Response.WriteAsync("pong", context.RequestAborted);
    }
}
