using System.Reflection;
using EduPlatform.Harness.Processes;

namespace EduPlatform.Harness.Hosting;

/// <summary>
/// An instance running as its own <c>dotnet</c> process: <c>dotnet App.dll</c> with
/// <c>ASPNETCORE_URLS=http://127.0.0.1:port</c> and configuration as environment variables. It is a
/// <see cref="ServerProcess"/>: its own process group, guarded by a <see cref="ProcessReaper"/> so
/// it dies with the test process, its stdout/stderr lines forwarded to the log sink.
/// </summary>
internal sealed class OutOfProcessServiceInstance(string name, Assembly entryAssembly, ServiceHostOptions options)
    : ServiceInstance(name, options)
{
    private const int PortAttempts = 3;

    private readonly LogSink _log = new(options.Log);
    private ServerProcess? _process;
    private int _lastProcessId;

    public override HostingMode Mode => HostingMode.OutOfProcess;

    public override IServiceProvider Services => throw new NotSupportedException(
        $"{Name} runs in its own process: its services cannot be reached from the test. Host it in process to do that.");

    public override int ProcessId => _process?.ProcessId ?? _lastProcessId;

    private protected override bool HasExited => _process is null || _process.HasExited;

    private protected override async Task StartCoreAsync(CancellationToken cancellationToken)
    {
        // The first start picks a port; if another process grabs it before the child binds, the
        // child exits at once and we try another. Restarts must keep their port, so they do not retry.
        var choosePort = Port == 0;
        for (var attempt = 1; ; attempt++)
        {
            if (choosePort)
            {
                Port = FreePort.Next();
            }

            _process = Launch();
            _lastProcessId = _process.ProcessId;
            if (!choosePort || attempt == PortAttempts || !await ExitedBecausePortTakenAsync(_process, cancellationToken))
            {
                return;
            }

            await EndProcessAsync(TimeSpan.Zero);
        }
    }

    /// <summary>SIGTERM (ASP.NET Core drains and exits), SIGKILL if it has not exited within the shutdown timeout.</summary>
    private protected override Task StopCoreAsync(CancellationToken cancellationToken) => EndProcessAsync(Options.ShutdownTimeout);

    /// <summary>SIGKILL of the process group: no drain, the kernel closes its sockets.</summary>
    private protected override Task KillCoreAsync() => EndProcessAsync(TimeSpan.Zero);

    private protected override string DescribeForDiagnostics()
    {
        var exit = _process is { HasExited: true } ? "It has exited. " : "";
        return $"{exit}Last output lines:{Environment.NewLine}{_process?.OutputTail(40)}";
    }

    private ServerProcess Launch()
    {
        var appPath = entryAssembly.Location;
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{Port}",
            ["ASPNETCORE_ENVIRONMENT"] = Options.EnvironmentName,
            ["DOTNET_ENVIRONMENT"] = Options.EnvironmentName,
            ["DOTNET_hostBuilder__reloadConfigOnChange"] = "false",
            // One line per entry reads well in test output; an override in Configuration wins.
            ["Logging__Console__FormatterOptions__SingleLine"] = "true",
        };
        foreach (var (key, value) in Options.Configuration)
        {
            environment[key.Replace(":", "__", StringComparison.Ordinal)] = value ?? "";
        }

        return ServerProcess.Start(Name, DotnetHostPath(), [appPath], environment,
            workingDirectory: Path.GetDirectoryName(appPath),
            onLine: line => _log.WriteLine($"[{Name}] {line}"));
    }

    /// <summary>
    /// Waits until the child either listens (its port accepts a connection: it won the port) or
    /// exits; true when it exited because the port was taken.
    /// </summary>
    private async Task<bool> ExitedBecausePortTakenAsync(ServerProcess process, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(Options.StartTimeout);
        while (!process.HasExited)
        {
            if (await ReadinessProbe.AcceptsConnectionsAsync(Port, deadline.Token))
            {
                return false;
            }

            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50), deadline.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return false; // let readiness report the timeout with the child's output
            }
        }

        return process.OutputTail().Contains("address already in use", StringComparison.OrdinalIgnoreCase);
    }

    private async Task EndProcessAsync(TimeSpan grace)
    {
        var process = _process;
        _process = null;
        if (process is null)
        {
            return;
        }

        await process.StopAsync(grace);
        await process.DisposeAsync();
    }

    private static string DotnetHostPath() =>
        // Set by the dotnet CLI for the processes it starts (dotnet test); otherwise dotnet on PATH.
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } path && File.Exists(path) ? path : "dotnet";
}
