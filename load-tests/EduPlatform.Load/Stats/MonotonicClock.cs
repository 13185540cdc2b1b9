using System.Diagnostics;

namespace EduPlatform.Load.Stats;

/// <summary>One time base for the whole engine: Stopwatch ticks, converted to microseconds only when recorded.</summary>
internal static class MonotonicClock
{
    private static readonly double MicrosPerTick = 1_000_000.0 / Stopwatch.Frequency;

    public static long Now() => Stopwatch.GetTimestamp();

    public static long ToMicros(long ticks) => (long)(ticks * MicrosPerTick);

    public static long FromSeconds(double seconds) => (long)(seconds * Stopwatch.Frequency);

    public static double ToSeconds(long ticks) => (double)ticks / Stopwatch.Frequency;
}
