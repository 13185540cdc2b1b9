using System.Diagnostics;
using System.Globalization;

namespace EduPlatform.EventStore.Benchmarks;

/// <summary>
/// CPU time spent by this process and by the PostgreSQL server together (Linux /proc). On a shared,
/// overloaded machine wall-clock throughput mostly measures how much CPU the scheduler handed out;
/// CPU per append measures the work each store makes the machine do, which the neighbours barely move.
/// </summary>
/// <remarks>
/// The server is every process in the postmaster's process group (the harness starts it in its own),
/// plus what the postmaster has collected from backends that already exited (cutime + cstime).
/// </remarks>
public sealed class CpuMeter(int postmasterPid)
{
    private const double TicksPerSecond = 100; // USER_HZ, 100 on every Linux this runs on

    public static bool Supported => OperatingSystem.IsLinux();

    /// <summary>Finds the server from any of its backends' pid (<c>SELECT pg_backend_pid()</c>).</summary>
    public static CpuMeter ForServerOf(int backendPid) => new((int)ReadStat(backendPid)![1 /* ppid */]);

    public TimeSpan Read()
    {
        var client = Process.GetCurrentProcess().TotalProcessorTime;
        var postmaster = ReadStat(postmasterPid) ?? throw new InvalidOperationException($"PostgreSQL (pid {postmasterPid}) is gone.");
        var group = postmaster[2];
        var ticks = (long)postmaster[13] + postmaster[14]; // children's utime + stime, reaped backends
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), out var pid) && ReadStat(pid) is { } stat && stat[2] == group)
            {
                ticks += stat[11] + stat[12]; // utime + stime
            }
        }

        return client + TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }

    /// <summary>Fields of /proc/pid/stat from field 3 (state) on, as numbers; null if the process is gone.</summary>
    private static long[]? ReadStat(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }

        // The command name (field 2) is in parentheses and may contain spaces: split after the last ')'.
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        return [.. fields.Select(f => long.TryParse(f, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 0)];
    }
}
