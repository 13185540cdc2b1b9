using System.Diagnostics;

namespace EduPlatform.Harness.Processes;

/// <summary>
/// A watchdog that kills a server's process group and deletes its folder when the process that
/// started it dies, however it dies (the idea behind Testcontainers' Ryuk, for native processes).
/// </summary>
/// <remarks>
/// The watchdog is a tiny <c>sh</c> in its own session that blocks reading a pipe whose only writer
/// is this process. The kernel closes that pipe when this process exits, even on SIGKILL, so the
/// read returns end-of-file and the watchdog reaps: SIGTERM to the group, then SIGKILL, then
/// <c>rm -rf</c>. A pipe, unlike polling a parent pid, cannot be fooled by pid reuse. On a normal
/// stop the owner calls <see cref="Disarm"/>: the watchdog reads "disarm" and exits quietly.
/// </remarks>
public sealed class ProcessReaper : IDisposable
{
    private const string Script = """
        read command
        [ "$command" = disarm ] && exit 0
        kill -TERM "-$1" 2>/dev/null
        i=0
        while kill -0 "-$1" 2>/dev/null && [ $i -lt 30 ]; do sleep 0.1; i=$((i+1)); done
        kill -KILL "-$1" 2>/dev/null
        [ -n "$2" ] && rm -rf -- "$2"
        exit 0
        """;

    private readonly Process _watchdog;
    private bool _disarmed;

    private ProcessReaper(Process watchdog) => _watchdog = watchdog;

    /// <summary>
    /// Guards <paramref name="processGroupId"/> (a server started as its own session leader, so its
    /// pid is its group id) and, optionally, a folder to delete after it is gone.
    /// </summary>
    public static ProcessReaper Guard(int processGroupId, string? folderToRemove)
    {
        var start = new ProcessStartInfo
        {
            FileName = OperatingSystem.IsLinux() ? "setsid" : "/bin/sh",
            RedirectStandardInput = true,
            RedirectStandardOutput = false,
            RedirectStandardError = false,
            UseShellExecute = false,
        };
        if (OperatingSystem.IsLinux())
        {
            // setsid: Ctrl+C in a terminal signals the test run's process group, not the watchdog.
            start.ArgumentList.Add("/bin/sh");
        }

        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(Script);
        start.ArgumentList.Add("workbook-reaper");
        start.ArgumentList.Add(processGroupId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        start.ArgumentList.Add(folderToRemove ?? "");

        var watchdog = Process.Start(start)
            ?? throw new InvalidOperationException("Could not start the process reaper (/bin/sh).");
        return new ProcessReaper(watchdog);
    }

    /// <summary>The owner stopped the server itself: let the watchdog exit without touching anything.</summary>
    public void Disarm()
    {
        if (_disarmed)
        {
            return;
        }

        _disarmed = true;
        try
        {
            _watchdog.StandardInput.WriteLine("disarm");
            _watchdog.StandardInput.Close();
            _watchdog.WaitForExit(2000);
        }
        catch (IOException)
        {
            // The watchdog is already gone; nothing left to disarm.
        }
    }

    public void Dispose()
    {
        Disarm();
        _watchdog.Dispose();
    }
}
