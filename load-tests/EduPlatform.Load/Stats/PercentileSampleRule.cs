namespace EduPlatform.Load.Stats;

/// <summary>
/// How many samples a percentile needs before it means anything: at least ten samples beyond it.
/// p99 needs 1,000, p99.9 needs 10,000; with fewer, "p99" is just one of the slowest few
/// requests and is flagged, never quietly reported.
/// </summary>
public static class PercentileSampleRule
{
    private const double SamplesBeyondPercentile = 10;

    public static long RequiredSamples(double percentile)
    {
        if (percentile is <= 0 or >= 100)
        {
            return 1;
        }

        return (long)Math.Ceiling(Math.Round(SamplesBeyondPercentile / (1 - (percentile / 100)), 6));
    }

    public static bool IsReliable(double percentile, long samples) => samples >= RequiredSamples(percentile);
}
