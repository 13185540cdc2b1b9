namespace EduPlatform.Load.Scheduling;

/// <summary>
/// Intended start times for the open model, as offsets in seconds from the phase start. The
/// k-th arrival happens when the expected count N(t) = integral of the rate reaches k + 0.5, so a
/// constant rate gives evenly spaced starts half a gap in (no burst at t = 0), and a ramp from 0
/// to r over D seconds gives exactly r*D/2 arrivals. Pure functions: tested without a clock.
/// </summary>
internal static class ArrivalSchedule
{
    /// <summary>Evenly spaced starts at <paramref name="ratePerSecond"/> for <paramref name="seconds"/>.</summary>
    public static IEnumerable<double> Constant(double ratePerSecond, double seconds) =>
        Ramp(ratePerSecond, ratePerSecond, seconds);

    /// <summary>Starts whose rate moves linearly from <paramref name="fromRate"/> to <paramref name="toRate"/> over <paramref name="seconds"/>.</summary>
    public static IEnumerable<double> Ramp(double fromRate, double toRate, double seconds)
    {
        if (seconds <= 0 || (fromRate <= 0 && toRate <= 0))
        {
            yield break;
        }

        // N(t) = b t + a t^2 with b = fromRate, a = (toRate - fromRate) / (2 * seconds).
        var a = (toRate - fromRate) / (2 * seconds);
        var b = fromRate;
        for (long k = 0; ; k++)
        {
            var target = k + 0.5;
            var discriminant = (b * b) + (4 * a * target);
            if (discriminant < 0)
            {
                yield break;
            }

            // 2N / (b + sqrt(b^2 + 4aN)) is the root of a t^2 + b t - N = 0 that stays stable as a -> 0.
            var t = 2 * target / (b + Math.Sqrt(discriminant));
            if (double.IsNaN(t) || t >= seconds)
            {
                yield break;
            }

            yield return t;
        }
    }

    /// <summary>Exactly <paramref name="iterations"/> evenly spaced starts at <paramref name="ratePerSecond"/>.</summary>
    public static IEnumerable<double> Count(double ratePerSecond, long iterations)
    {
        for (long k = 0; k < iterations; k++)
        {
            yield return (k + 0.5) / ratePerSecond;
        }
    }

    /// <summary>The expected number of starts of a ramp: what <see cref="Ramp"/> yields, rounded.</summary>
    public static double ExpectedCount(double fromRate, double toRate, double seconds) => (fromRate + toRate) / 2 * seconds;
}
