using System.Globalization;

namespace EduPlatform.Load.Reports;

/// <summary>How numbers and verdicts read in every human-facing report, so Markdown, HTML and console agree.</summary>
public static class ReportText
{
    public static string Ms(double ms) => ms switch
    {
        0 => "0",
        < 1 => ms.ToString("0.###", CultureInfo.InvariantCulture),
        < 100 => ms.ToString("0.##", CultureInfo.InvariantCulture),
        _ => ms.ToString("0", CultureInfo.InvariantCulture),
    };

    /// <summary>A percentile with its reliability flag: "12.3" or "12.3 (n too small)".</summary>
    public static string Percentile(LatencyStats latency, string label, double ms)
    {
        ArgumentNullException.ThrowIfNull(latency);
        return latency.IsReliable(label) ? Ms(ms) : $"{Ms(ms)} ⚠";
    }

    public static string Count(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    public static string Rate(double rate) => rate.ToString("0.#####", CultureInfo.InvariantCulture);

    public static string Rps(double rps) => rps.ToString("0.#", CultureInfo.InvariantCulture);

    public static string Bytes(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => $"{bytes / 1024.0:0.#} KiB",
        _ => $"{bytes / (1024.0 * 1024):0.#} MiB",
    };

    public static string Outcome(ThresholdOutcome outcome) => outcome switch
    {
        ThresholdOutcome.Passed => "pass",
        ThresholdOutcome.Failed => "FAIL",
        _ => "inconclusive",
    };

    public static string Verdict(RunResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.ExitCode switch
        {
            ExitCodes.Passed => "PASSED",
            ExitCodes.ThresholdsFailed => "FAILED: a threshold did not pass",
            _ => $"ENGINE ERROR: {result.EngineError}",
        };
    }

    public static string Availability(AvailabilityEstimate a)
    {
        ArgumentNullException.ThrowIfNull(a);
        return a.Trials == 0
            ? "n/a"
            : $"{a.Observed:P3} observed; ≥ {a.LowerBound95:P3} with 95% confidence ({Count(a.Failures)} failed of {Count(a.Trials)}, {a.Method})";
    }

    /// <summary>Side-by-side figures of a run and its contrast (the same load without the pattern).</summary>
    public static IReadOnlyList<(string Metric, string Run, string Contrast)> ContrastRows(RunResult run, RunResult contrast)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(contrast);
        var rows = new List<(string, string, string)>();
        for (var i = 0; i < Math.Min(run.Scenarios.Count, contrast.Scenarios.Count); i++)
        {
            var a = run.Scenarios[i].Stats;
            var b = contrast.Scenarios[i].Stats;
            var prefix = a.Name == b.Name ? a.Name : $"{a.Name} / {b.Name}";
            rows.Add(($"{prefix}: ok p50 (ms)", Ms(a.Ok.Latency.P50Ms), Ms(b.Ok.Latency.P50Ms)));
            rows.Add(($"{prefix}: ok p99 (ms)", Percentile(a.Ok.Latency, "p99", a.Ok.Latency.P99Ms), Percentile(b.Ok.Latency, "p99", b.Ok.Latency.P99Ms)));
            rows.Add(($"{prefix}: ok max (ms)", Ms(a.Ok.Latency.MaxMs), Ms(b.Ok.Latency.MaxMs)));
            rows.Add(($"{prefix}: fail rate", Rate(a.FailRate), Rate(b.FailRate)));
            rows.Add(($"{prefix}: achieved rps", Rps(a.Schedule.AchievedRps), Rps(b.Schedule.AchievedRps)));
            rows.Add(($"{prefix}: availability ≥ (95%)", $"{a.Availability.LowerBound95:P3}", $"{b.Availability.LowerBound95:P3}"));
        }

        rows.Add(("verdict", Verdict(run), Verdict(contrast)));
        return rows;
    }
}
