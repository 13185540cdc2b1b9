using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;

namespace EduPlatform.Harness.Processes;

/// <summary>
/// Makes sure a child process never outlives the test process, even when the test process is
/// killed with SIGKILL and runs no cleanup code at all.
/// </summary>
/// <remarks>
/// <para>
/// How: a tiny watchdog shell (<c>sh</c>, in its own session) blocks reading its standard input, a
/// pipe whose only writer is this test process. The kernel closes that pipe whatever way this
/// process ends (normal exit, crash, SIGKILL), and the watchdog then SIGKILLs the guarded process.
/// No polling, no dependency on the test process running any code. <see cref="Release"/> tells the
/// watchdog to exit without killing (the owner stopped the child gracefully itself).
/// </para>
/// <para>
/// Process ids are recycled, so the watchdog only kills the pid if it still has the start time
/// (field 22 of <c>/proc/PID/stat</c>) it had when it was guarded: it never kills a stranger.
/// Linux only (it reads <c>/proc</c>); the harness's native backends and out-of-process hosting
/// run on Linux.
/// </para>
/// </remarks>
public sealed class ProcessReaper : IDisposable
{
    // $1 = pid to guard, $2 = its start time; after the last ')' of /proc/PID/stat, field 22 is the 20th
    // word. The trap: signals sent to the test's process group (Ctrl+C, SIGTERM from a runner) must
    // not take the watchdog down before it has done its job.
    internal const string WatchdogScript = """
        exec >/dev/null 2>&1
        trap '' INT TERM HUP
        pid=$1
        started=$2
        read -r command
        [ "$command" = release ] && exit 0
        stat=$(cat /proc/$pid/stat) || exit 0
        set -- ${stat##*) }
        [ "$(eval echo \${20})" = "$started" ] && kill -9 "$pid"
        exit 0
        """;

    private readonly Process _watchdog;
    private readonly object _gate = new();
    private bool _done;

    private ProcessReaper(Process watchdog, int guardedProcessId)
    {
        _watchdog = watchdog;
        GuardedProcessId = guardedProcessId;
    }

    /// <summary>The pid this reaper kills if the test process dies.</summary>
    public int GuardedProcessId { get; }

    /// <summary>The watchdog's own pid (tests use it to check it is gone after dispose).</summary>
    public int WatchdogProcessId => _watchdog.Id;

    /// <summary>Guards <paramref name="process"/>, which must be running.</summary>
    public static ProcessReaper Guard(Process process)
    {
        ArgumentNullException.ThrowIfNull(process);
        return Guard(process.Id);
    }

    /// <summary>Guards the process with id <paramref name="processId"/>, which must be running.</summary>
    public static ProcessReaper Guard(int processId)
    {
        var startTime = ReadStartTime(processId)
            ?? throw new InvalidOperationException($"Process {processId} is not running; there is nothing to guard.");

        var info = new ProcessStartInfo("setsid")
        {
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        // setsid: its own session, so a signal aimed at the test's process group misses it.
        foreach (var argument in new[] { "sh", "-c", WatchdogScript, "process-reaper",
                     processId.ToString(CultureInfo.InvariantCulture), startTime })
        {
            info.ArgumentList.Add(argument);
        }

        var watchdog = Process.Start(info)
            ?? throw new InvalidOperationException("Could not start the process-reaper watchdog (setsid sh).");
        return new ProcessReaper(watchdog, processId);
    }

    /// <summary>
    /// Stops guarding without killing: for an owner that has stopped (or is stopping) the child
    /// gracefully and does not want it SIGKILLed.
    /// </summary>
    public void Release() => Finish("release");

    /// <summary>
    /// Kills the guarded process now if it is still running (same pid, same start time) and ends
    /// the watchdog: exactly what happens when the test process dies.
    /// </summary>
    public void Dispose() => Finish(command: null);

    private void Finish(string? command)
    {
        lock (_gate)
        {
            if (_done)
            {
                return;
            }

            _done = true;
        }

        try
        {
            if (command is not null)
            {
                _watchdog.StandardInput.WriteLine(command);
            }

            _watchdog.StandardInput.Close();
        }
        catch (IOException)
        {
            // The watchdog is already gone (someone killed it); nothing is left to tell.
        }

        // The watchdog exits at once after the kill; waiting reaps it, so no zombie is left.
        if (!_watchdog.WaitForExit(TimeSpan.FromSeconds(5)))
        {
            TryKill(_watchdog);
            _watchdog.WaitForExit(TimeSpan.FromSeconds(5));
        }

        _watchdog.Dispose();
    }

    /// <summary>The process's start time in clock ticks since boot, or null when it is not running.</summary>
    internal static string? ReadStartTime(int processId)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{processId}/stat");
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException or IOException)
        {
            return null;
        }

        // The command name (field 2) sits in parentheses and may hold spaces: count after the last ')'.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return fields.Length > 19 ? fields[19] : null;
    }

    private static void TryKill(Process process)
    {
        try
        {
            process.Kill();
        }
        catch (Exception ex) when (ex is InvalidOperationException or Win32Exception)
        {
            // Already exited.
        }
    }
}
