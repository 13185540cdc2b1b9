using System.Runtime.InteropServices;

namespace EduPlatform.Load.Scheduling;

/// <summary>
/// Sub-millisecond sleeps for the open-model scheduler. Thread.Sleep only takes whole
/// milliseconds, which would start every iteration up to ~1 ms late (and add that to every
/// latency); spinning instead would burn a core the system under test needs. On Linux, nanosleep
/// wakes within the kernel's timer slack (~50 µs) at no CPU cost; elsewhere we fall back to 1 ms.
/// </summary>
internal static partial class PreciseSleep
{
    private static readonly bool Available = OperatingSystem.IsLinux() && Probe();

    public static void For(TimeSpan duration)
    {
        if (duration <= TimeSpan.Zero)
        {
            return;
        }

        if (Available)
        {
            var ticks = duration.Ticks;
            var request = new Timespec { Seconds = ticks / TimeSpan.TicksPerSecond, Nanoseconds = ticks % TimeSpan.TicksPerSecond * 100 };
            _ = NanoSleep(ref request, IntPtr.Zero);
            return;
        }

        Thread.Sleep(Math.Max(1, (int)duration.TotalMilliseconds));
    }

    private static bool Probe()
    {
        try
        {
            var request = new Timespec { Seconds = 0, Nanoseconds = 1_000 };
            return NanoSleep(ref request, IntPtr.Zero) == 0;
        }
        catch (DllNotFoundException)
        {
            return false;
        }
        catch (EntryPointNotFoundException)
        {
            return false;
        }
    }

    [LibraryImport("libc", EntryPoint = "nanosleep")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static partial int NanoSleep(ref Timespec request, IntPtr remaining);

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
