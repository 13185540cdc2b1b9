using System.Diagnostics;

namespace EduPlatform.Harness.Infrastructure;

/// <summary>What every resource needs to pick and start its server, and where it reports.</summary>
public sealed record InfrastructureContext(
    InfrastructureSettings Settings, IBackendProbe Probe, HostPlatform Platform, Action<string> Log);

/// <summary>
/// One kind of infrastructure (PostgreSQL, Redis, RabbitMQ), shared by everything in the process:
/// its server starts on first use, once; a failed start is remembered, so the tests that follow fail
/// at once with the same message instead of each waiting for their own timeout.
/// </summary>
public abstract class InfrastructureResource<TServer> : IAsyncDisposable
    where TServer : IInfrastructureServer
{
    private readonly SemaphoreSlim _startLock = new(1, 1);
    private TServer? _server;
    private Exception? _startFailure;

    protected InfrastructureResource(ResourceKind kind, InfrastructureContext context)
    {
        Kind = kind;
        Context = context;
    }

    public ResourceKind Kind { get; }

    /// <summary>Known once started: which backend provides this resource.</summary>
    public InfrastructureBackend? Backend => _server?.Backend;

    /// <summary>Known once started: the server's own version string.</summary>
    public string? ServerVersion { get; private set; }

    /// <summary>Known once started: how long the start took (selection, start, readiness).</summary>
    public TimeSpan? StartupTime { get; private set; }

    protected InfrastructureContext Context { get; }

    /// <summary>Starts the server if it is not running yet, and returns it.</summary>
    public async Task<TServer> GetServerAsync(CancellationToken cancellationToken = default)
    {
        if (_server is not null)
        {
            return _server;
        }

        await _startLock.WaitAsync(cancellationToken);
        try
        {
            if (_startFailure is not null)
            {
                throw new InfrastructureUnavailableException(
                    $"{Kind} failed to start earlier in this run: {_startFailure.Message}", _startFailure);
            }

            if (_server is null)
            {
                await StartAsync(cancellationToken);
            }

            return _server!;
        }
        finally
        {
            _startLock.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
            _server = default;
        }

        _startLock.Dispose();
        GC.SuppressFinalize(this);
    }

    protected abstract Task<TServer> StartServerAsync(InfrastructureBackend backend, CancellationToken cancellationToken);

    protected abstract Task<string> ReadServerVersionAsync(TServer server, CancellationToken cancellationToken);

    private async Task StartAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            var backend = BackendSelector.Select(Kind, Context.Settings, Context.Probe, Context.Platform);
            var server = await StartServerAsync(backend, cancellationToken);
            try
            {
                ServerVersion = await ReadServerVersionAsync(server, cancellationToken);
            }
            catch
            {
                await server.DisposeAsync();
                throw;
            }

            StartupTime = clock.Elapsed;
            _server = server;
            Context.Log(
                $"[infrastructure] {Kind} {ServerVersion}: {backend} backend, started in {StartupTime.Value.TotalSeconds:0.00} s, " +
                $"{server.Endpoint.Host}:{server.Endpoint.Port}, {server.Location}");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception exception)
        {
            _startFailure = exception;
            Context.Log($"[infrastructure] {Kind} failed to start after {clock.Elapsed.TotalSeconds:0.00} s: {exception.Message}");
            throw;
        }
    }
}
