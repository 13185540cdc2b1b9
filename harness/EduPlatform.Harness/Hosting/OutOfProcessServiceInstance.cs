using System.Collections.Concurrent;
using System.ComponentModel;
using System.Diagnostics;
using System.Reflection;
using EduPlatform.Harness.Processes;

namespace EduPlatform.Harness.Hosting;

/// <summary>
/// An instance running as its own <c>dotnet</c> process: <c>dotnet App.dll</c> with
/// <c>ASPNETCORE_URLS=http://127.0.0.1:port</c>, configuration as environment variables, its
/// stdout/stderr lines forwarded to the log sink, and a <see cref="ProcessReaper"/> so it dies with
/// the test process.
/// </summary>
internal sealed class OutOfProcessServiceInstance(string name, Assembly entryAssembly, ServiceHostOptions options)
    : ServiceInstance(name, options)
{
    private const int RecentLineCount = 40;
    private const int PortAttempts = 3;

    private readonly LogSink _log = new(options.Log);
    private readonly ConcurrentQueue<string> _recentLines = new();
    private Process? _process;
    private ProcessReaper? _reaper;
    private int _lastExitedProcessId;

    public override HostingMode Mode => HostingMode.OutOfProcess;

    public override IServiceProvider Services => throw new NotSupportedException(
        $"{Name} runs in its own process: its services cannot be reached from the test. Host it in process to do that.");

    public override int ProcessId => _process?.Id ?? _lastExitedProcessId;

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
                Port = FreeLoopbackPort.Find();
            }

            Launch();
            if (!choosePort || attempt == PortAttempts || !await ExitedBecausePortTakenAsync(cancellationToken))
            {
                return;
            }

            await ReapAsync();
        }
    }

    private protected override async Task StopCoreAsync(CancellationToken cancellationToken)
    {
        var process = _process!;
        if (PosixSignal.Terminate(process.Id))
        {
            using var drain = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            drain.CancelAfter(Options.ShutdownTimeout);
            try
            {
                await process.WaitForExitAsync(drain.Token);
            }
            catch (OperationCanceledException)
            {
                // It did not finish draining in time: from here on it is a kill.
            }
        }

        await ReapAsync();
    }

    private protected override Task KillCoreAsync() => ReapAsync();

    private protected override string DescribeForDiagnostics()
    {
        var exit = _process is { HasExited: true } ? $"It exited with code {_process.ExitCode}. " : "";
        return $"{exit}Last output lines:{Environment.NewLine}{string.Join(Environment.NewLine, _recentLines)}";
    }

    private void Launch()
    {
        var appPath = entryAssembly.Location;
        var info = new ProcessStartInfo(DotnetHostPath())
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = Path.GetDirectoryName(appPath)!,
        };
        info.ArgumentList.Add(appPath);
        info.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{Port}";
        info.Environment["ASPNETCORE_ENVIRONMENT"] = Options.EnvironmentName;
        info.Environment["DOTNET_ENVIRONMENT"] = Options.EnvironmentName;
        info.Environment["DOTNET_hostBuilder__reloadConfigOnChange"] = "false";
        // One line per entry reads well in test output; an override in Configuration wins.
        info.Environment["Logging__Console__FormatterOptions__SingleLine"] = "true";
        foreach (var (key, value) in Options.Configuration)
        {
            info.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, line) => Forward(line.Data);
        process.ErrorDataReceived += (_, line) => Forward(line.Data);
        process.Start();
        _reaper = ProcessReaper.Guard(process);
        _process = process;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    private async Task<bool> ExitedBecausePortTakenAsync(CancellationToken cancellationToken)
    {
        // A bind failure ends the child within a second or two of starting; a healthy child keeps running.
        using var window = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        window.CancelAfter(TimeSpan.FromSeconds(3));
        try
        {
            await _process!.WaitForExitAsync(window.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }

        return _recentLines.Any(line => line.Contains("address already in use", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>SIGKILLs the child if it still runs, waits for it, and ends its watchdog.</summary>
    private async Task ReapAsync()
    {
        var process = _process;
        _process = null;
        if (process is not null)
        {
            _lastExitedProcessId = process.Id;
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (Exception ex) when (ex is InvalidOperationException or Win32Exception)
            {
                // Already exited.
            }

            await process.WaitForExitAsync();
            process.Dispose();
        }

        _reaper?.Dispose();
        _reaper = null;
    }

    private void Forward(string? line)
    {
        if (line is null)
        {
            return;
        }

        _recentLines.Enqueue(line);
        while (_recentLines.Count > RecentLineCount && _recentLines.TryDequeue(out _))
        {
        }

        _log.WriteLine($"[{Name}] {line}");
    }

    private static string DotnetHostPath() =>
        // Set by the dotnet CLI for the processes it starts (dotnet test); otherwise dotnet on PATH.
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } path && File.Exists(path) ? path : "dotnet";
}
