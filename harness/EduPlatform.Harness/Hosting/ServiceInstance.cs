namespace EduPlatform.Harness.Hosting;

/// <summary>
/// One running instance of a hosted app on <c>http://127.0.0.1:{Port}/</c>. Lifecycle calls are
/// serialised: a restart never races a kill.
/// </summary>
public abstract class ServiceInstance : IAsyncDisposable
{
    private readonly SemaphoreSlim _lifecycle = new(1, 1);

    private protected ServiceInstance(string name, ServiceHostOptions options)
    {
        Name = name;
        Options = options;
    }

    /// <summary><c>app#n</c>: the app's name and the instance's number, as its log lines are prefixed.</summary>
    public string Name { get; }

    public abstract HostingMode Mode { get; }

    /// <summary>The loopback port. Stays the same across restarts.</summary>
    public int Port { get; private protected set; }

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}/");

    public ServiceInstanceState State { get; private set; } = ServiceInstanceState.Starting;

    public bool IsRunning => State == ServiceInstanceState.Running;

    /// <summary>The app's services (in process only; out of process there is no container to reach).</summary>
    public abstract IServiceProvider Services { get; }

    /// <summary>The instance's process id: the child's out of process, the test process's in process.</summary>
    public abstract int ProcessId { get; }

    private protected ServiceHostOptions Options { get; }

    /// <summary>A client for this instance. The caller owns (disposes) it.</summary>
    public HttpClient CreateClient(TimeSpan? timeout = null) =>
        new() { BaseAddress = BaseAddress, Timeout = timeout ?? TimeSpan.FromSeconds(30) };

    /// <summary>
    /// Graceful stop: stop accepting, let in-flight requests finish (up to
    /// <see cref="ServiceHostOptions.ShutdownTimeout"/>), run the app's shutdown code. No-op unless running.
    /// </summary>
    public Task StopAsync(CancellationToken cancellationToken = default) =>
        UnderLifecycleLockAsync(async () =>
        {
            if (State == ServiceInstanceState.Running)
            {
                await StopCoreAsync(cancellationToken);
                State = ServiceInstanceState.Stopped;
            }
        });

    /// <summary>
    /// Abrupt stop: open connections are reset (clients see "connection reset" or an unfinished
    /// response), nothing is drained, new connections are refused. Out of process: SIGKILL.
    /// Completes when the port is free. No-op unless running.
    /// </summary>
    public Task KillAsync() =>
        UnderLifecycleLockAsync(async () =>
        {
            if (State == ServiceInstanceState.Running)
            {
                await KillCoreAsync();
                State = ServiceInstanceState.Killed;
            }
        });

    /// <summary>
    /// Starts the instance again on the same port (stopping it gracefully first if it is running)
    /// and waits until it is ready.
    /// </summary>
    public Task RestartAsync(CancellationToken cancellationToken = default) =>
        UnderLifecycleLockAsync(async () =>
        {
            ObjectDisposedException.ThrowIf(State == ServiceInstanceState.Disposed, this);
            if (State == ServiceInstanceState.Running)
            {
                await StopCoreAsync(cancellationToken);
                State = ServiceInstanceState.Stopped;
            }

            await StartAndWaitReadyAsync(cancellationToken);
        });

    /// <summary>Stops gracefully if running (bounded by the shutdown timeout), then releases everything.</summary>
    public async ValueTask DisposeAsync()
    {
        await UnderLifecycleLockAsync(async () =>
        {
            if (State == ServiceInstanceState.Disposed)
            {
                return;
            }

            if (State == ServiceInstanceState.Running)
            {
                await StopCoreAsync(CancellationToken.None);
            }

            State = ServiceInstanceState.Disposed;
        });
        GC.SuppressFinalize(this);
    }

    public override string ToString() => $"{Name} ({Mode}, {BaseAddress}, {State})";

    internal Task StartAsync(CancellationToken cancellationToken) =>
        UnderLifecycleLockAsync(() => StartAndWaitReadyAsync(cancellationToken));

    /// <summary>Starts the app and returns once it listens; sets <see cref="Port"/> if it was 0.</summary>
    private protected abstract Task StartCoreAsync(CancellationToken cancellationToken);

    private protected abstract Task StopCoreAsync(CancellationToken cancellationToken);

    private protected abstract Task KillCoreAsync();

    /// <summary>True when the instance died while starting (readiness stops waiting).</summary>
    private protected abstract bool HasExited { get; }

    /// <summary>Recent output or state, for error messages.</summary>
    private protected abstract string DescribeForDiagnostics();

    private async Task StartAndWaitReadyAsync(CancellationToken cancellationToken)
    {
        State = ServiceInstanceState.Starting;
        await StartCoreAsync(cancellationToken);
        try
        {
            await Options.Readiness.WaitAsync(Port, Options.StartTimeout, () => HasExited, DescribeForDiagnostics,
                cancellationToken);
        }
        catch
        {
            await KillCoreAsync();
            State = ServiceInstanceState.Killed;
            throw;
        }

        State = ServiceInstanceState.Running;
    }

    private async Task UnderLifecycleLockAsync(Func<Task> action)
    {
        await _lifecycle.WaitAsync();
        try
        {
            await action();
        }
        finally
        {
            _lifecycle.Release();
        }
    }
}
