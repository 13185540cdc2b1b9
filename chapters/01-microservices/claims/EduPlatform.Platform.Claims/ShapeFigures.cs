using EduPlatform.Load;

namespace EduPlatform.Platform.Claims;

/// <summary>
/// What one shape measured: Courses' latency alone before the Videos load, with it, and alone again after it, and
/// the error rate with it. The loaded p99 is read against the mean of the two baselines that bracket it.
/// </summary>
internal sealed record ShapeFigures(string Shape, LatencyStats Before, LatencyStats Loaded, LatencyStats After, double LoadedErrorRate)
{
    public double BaselineP99Ms => (Before.P99Ms + After.P99Ms) / 2;

    public double P99Ratio => BaselineP99Ms > 0 ? Loaded.P99Ms / BaselineP99Ms : double.PositiveInfinity;

    /// <summary>Every p99 here rests on enough samples to mean something.</summary>
    public bool Reliable => Before.IsReliable("p99") && Loaded.IsReliable("p99") && After.IsReliable("p99");

    public override string ToString() =>
        $"{Shape}: Courses p99 alone {Before.P99Ms:0.0} ms before / {After.P99Ms:0.0} ms after (baseline {BaselineP99Ms:0.0} ms), " +
        $"{Loaded.P99Ms:0.0} ms with the Videos load = {P99Ratio:0.00}x; errors with the Videos load {LoadedErrorRate:P2} of {Loaded.Count:N0} ok";
}
