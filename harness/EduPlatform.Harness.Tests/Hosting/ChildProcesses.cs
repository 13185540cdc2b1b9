using System.Globalization;

namespace EduPlatform.Harness.Tests.Hosting;

/// <summary>Looks at /proc to tell whether a process, or a process-reaper watchdog for it, still exists.</summary>
internal static class ChildProcesses
{
    /// <summary>True while the pid exists and is not a zombie.</summary>
    public static bool IsAlive(int processId)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{processId}/stat");
            var state = stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[0];
            return state != "Z";
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException or IOException)
        {
            return false;
        }
    }

    /// <summary>Pids of watchdog shells guarding <paramref name="guardedProcessId"/>.</summary>
    public static IReadOnlyList<int> WatchdogsGuarding(int guardedProcessId)
    {
        var watchdogs = new List<int>();
        var wanted = "workbook-reaper\0" + guardedProcessId.ToString(CultureInfo.InvariantCulture) + "\0";
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid))
            {
                continue;
            }

            try
            {
                if (File.ReadAllText(Path.Combine(directory, "cmdline")).Contains(wanted, StringComparison.Ordinal) && IsAlive(pid))
                {
                    watchdogs.Add(pid);
                }
            }
            catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException or IOException
                                           or UnauthorizedAccessException)
            {
                // The process ended while we looked.
            }
        }

        return watchdogs;
    }
}
