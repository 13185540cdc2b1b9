using System.Collections.Concurrent;
using System.Diagnostics;

namespace EduPlatform.Harness.Processes;

/// <summary>
/// A native server (postgres, redis-server, rabbitmq-server, epmd) running as a child process in its
/// own session, so that it and every process it forks share one process group that can be stopped
/// as a unit. Its output is kept (the last lines) for diagnostics and watched for readiness lines.
/// A <see cref="ProcessReaper"/> guards it from the moment it starts.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private const int KeptLines = 400;

    private readonly Process _process;
    private readonly ProcessReaper _reaper;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly int _gracefulSignal;
    private readonly Action<string>? _onLine;
    private readonly List<(string Text, TaskCompletionSource Seen)> _awaitedLines = [];
    private bool _stopped;

    private ServerProcess(string name, Process process, string? folder, int gracefulSignal, Action<string>? onLine)
    {
        Name = name;
        _onLine = onLine;
        _process = process;
        _gracefulSignal = gracefulSignal;
        _reaper = ProcessReaper.Guard(process.Id, folder);
    }

    public string Name { get; }

    /// <summary>The server's pid, which is also its process group id.</summary>
    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>
    /// Starts <paramref name="fileName"/> as a session leader (via <c>setsid</c> on Linux) so that the
    /// whole server, including forked workers, can be signalled and reaped as one group.
    /// </summary>
    /// <param name="name">Name used in diagnostics, e.g. "PostgreSQL".</param>
    /// <param name="fileName">The server binary.</param>
    /// <param name="arguments">Its arguments.</param>
    /// <param name="environment">Extra environment variables for the child.</param>
    /// <param name="folder">The server's temporary folder, removed by the reaper if we die.</param>
    /// <param name="gracefulSignal">The signal that asks this server for a clean, fast shutdown.</param>
    /// <param name="runAs">A user to run as (via setpriv) when we are root, or null.</param>
    /// <param name="workingDirectory">The child's working directory; default the folder, else the temp folder.</param>
    /// <param name="onLine">Also receives every output line (e.g. to forward it to the test output).</param>
    public static ServerProcess Start(
        string name,
        string fileName,
        IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string>? environment = null,
        string? folder = null,
        int gracefulSignal = UnixSignals.SigTerm,
        string? runAs = null,
        string? workingDirectory = null,
        Action<string>? onLine = null)
    {
        var start = new ProcessStartInfo
        {
            FileName = OperatingSystem.IsLinux() ? "setsid" : fileName,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? folder ?? Path.GetTempPath(),
        };
        if (OperatingSystem.IsLinux())
        {
            if (runAs is not null)
            {
                start.ArgumentList.Add("setpriv");
                start.ArgumentList.Add($"--reuid={runAs}");
                start.ArgumentList.Add($"--regid={runAs}");
                start.ArgumentList.Add("--init-groups");
                start.ArgumentList.Add("--");
            }

            start.ArgumentList.Add(fileName);
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start)
            ?? throw new InvalidOperationException($"Could not start {name} ({fileName}).");
        var server = new ServerProcess(name, process, folder, gracefulSignal, onLine);
        process.OutputDataReceived += (_, e) => server.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => server.OnLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return server;
    }

    /// <summary>The last lines the server printed (stdout and stderr interleaved).</summary>
    public string OutputTail(int lines = 60) => string.Join(Environment.NewLine, _lines.TakeLast(lines));

    /// <summary>Completes when the server's main process exits, for whatever reason.</summary>
    public Task WaitForExitAsync(CancellationToken cancellationToken) => _process.WaitForExitAsync(cancellationToken);

    /// <summary>Completes when the server prints a line containing <paramref name="text"/>.</summary>
    public Task WaitForLineAsync(string text, CancellationToken cancellationToken)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_awaitedLines)
        {
            if (_lines.Any(line => line.Contains(text, StringComparison.Ordinal)))
            {
                return Task.CompletedTask;
            }

            _awaitedLines.Add((text, seen));
        }

        return seen.Task.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Stops the whole process group: the server's own graceful signal first, SIGKILL after
    /// <paramref name="grace"/>. Returns once no process of the group is left.
    /// </summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        if (OperatingSystem.IsWindows())
        {
            _process.Kill(entireProcessTree: true);
        }
        else
        {
            if (grace > TimeSpan.Zero)
            {
                UnixSignals.SendToGroup(_process.Id, _gracefulSignal);
            }

            if (!await WaitForGroupExitAsync(grace))
            {
                UnixSignals.SendToGroup(_process.Id, UnixSignals.SigKill);
                await WaitForGroupExitAsync(TimeSpan.FromSeconds(5));
            }
        }

        await _process.WaitForExitAsync();
        _reaper.Disarm();
    }

    /// <summary>Kills the process group at once (SIGKILL, no graceful signal), as a crash would.</summary>
    public async Task KillAsync() => await StopAsync(TimeSpan.Zero);

    public async ValueTask DisposeAsync()
    {
        // Throwaway servers: a short grace, then SIGKILL; their folder is deleted anyway.
        await StopAsync(TimeSpan.FromSeconds(3));
        _reaper.Dispose();
        _process.Dispose();
    }

    private async Task<bool> WaitForGroupExitAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (UnixSignals.IsGroupAlive(_process.Id))
        {
            if (DateTime.UtcNow >= deadline)
            {
                return false;
            }

            await Task.Delay(25);
        }

        return true;
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        _onLine?.Invoke(line);
        _lines.Enqueue(line);
        while (_lines.Count > KeptLines && _lines.TryDequeue(out _))
        {
        }

        lock (_awaitedLines)
        {
            for (var i = _awaitedLines.Count - 1; i >= 0; i--)
            {
                if (line.Contains(_awaitedLines[i].Text, StringComparison.Ordinal))
                {
                    _awaitedLines[i].Seen.TrySetResult();
                    _awaitedLines.RemoveAt(i);
                }
            }
        }
    }
}
