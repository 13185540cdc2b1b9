using System.Globalization;
using System.Text;

namespace EduPlatform.Load.Reports;

/// <summary>
/// Three CSV files for spreadsheets and scripts: per-step statistics (ok and fail rows apart),
/// per-second intervals, and threshold verdicts. Invariant culture, RFC 4180 quoting.
/// </summary>
public static class CsvReport
{
    public const string IterationStepName = "(iteration)";

    public static readonly string[] StatsHeader =
    [
        "scenario", "step", "outcome", "count", "rps", "bytes", "mean_ms", "stddev_ms", "min_ms", "p50_ms", "p75_ms",
        "p95_ms", "p99_ms", "p99_9_ms", "max_ms", "service_p50_ms", "service_p99_ms", "unreliable_percentiles",
    ];

    public static readonly string[] IntervalsHeader =
    [
        "scenario", "at_s", "intended", "started", "dropped", "late", "ok", "fail", "bytes", "p50_ms", "p95_ms", "p99_ms",
        "max_ms", "scheduling_lag_p99_ms", "in_flight", "status_codes",
    ];

    public static readonly string[] ThresholdsHeader = ["scenario", "step", "threshold", "scope", "outcome", "measured", "timing", "note"];

    public static void Write(RunResult result, string folder)
    {
        ArgumentNullException.ThrowIfNull(result);
        File.WriteAllText(Path.Combine(folder, ReportFiles.StatsCsv), RenderStats(result));
        File.WriteAllText(Path.Combine(folder, ReportFiles.IntervalsCsv), RenderIntervals(result));
        File.WriteAllText(Path.Combine(folder, ReportFiles.ThresholdsCsv), RenderThresholds(result));
    }

    public static string RenderStats(RunResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var csv = new StringBuilder();
        Line(csv, StatsHeader);
        foreach (var scenario in result.Scenarios)
        {
            var stats = scenario.Stats;
            StatsRows(csv, stats.Name, IterationStepName, stats.Ok, stats.Fail);
            foreach (var step in stats.Steps)
            {
                StatsRows(csv, stats.Name, step.Name, step.Ok, step.Fail);
            }
        }

        return csv.ToString();
    }

    public static string RenderIntervals(RunResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var csv = new StringBuilder();
        Line(csv, IntervalsHeader);
        foreach (var scenario in result.Scenarios)
        {
            foreach (var i in scenario.Intervals)
            {
                Line(csv,
                [
                    scenario.Stats.Name, N(i.AtSeconds), N(i.Intended), N(i.Started), N(i.Dropped), N(i.Late), N(i.Ok), N(i.Fail),
                    N(i.Bytes), N(i.P50Ms), N(i.P95Ms), N(i.P99Ms), N(i.MaxMs), N(i.SchedulingLagP99Ms), N(i.InFlight),
                    string.Join(';', i.StatusCodes.Select(c => $"{c.Key}:{c.Value}")),
                ]);
            }
        }

        return csv.ToString();
    }

    public static string RenderThresholds(RunResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var csv = new StringBuilder();
        Line(csv, ThresholdsHeader);
        foreach (var t in result.Thresholds)
        {
            Line(csv, [t.Scenario, t.Step ?? "", t.Expression, t.Scope, t.Outcome.ToString(), t.Measured, t.Timing ? "true" : "false", t.Note ?? ""]);
        }

        return csv.ToString();
    }

    private static void StatsRows(StringBuilder csv, string scenario, string step, MeasureStats ok, MeasureStats fail)
    {
        foreach (var (outcome, m) in new[] { ("ok", ok), ("fail", fail) })
        {
            var l = m.Latency;
            Line(csv,
            [
                scenario, step, outcome, N(m.Count), N(Math.Round(m.Rps, 3)), N(m.Bytes), N(l.MeanMs), N(l.StdDevMs), N(l.MinMs),
                N(l.P50Ms), N(l.P75Ms), N(l.P95Ms), N(l.P99Ms), N(l.P999Ms), N(l.MaxMs), N(m.ServiceTime.P50Ms),
                N(m.ServiceTime.P99Ms), string.Join(';', l.UnreliablePercentiles),
            ]);
        }
    }

    private static string N(double value) => Math.Round(value, 3).ToString(CultureInfo.InvariantCulture);

    private static string N(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static void Line(StringBuilder csv, IEnumerable<string> fields)
    {
        csv.AppendJoin(',', fields.Select(Quote)).Append('\n');
    }

    private static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\n\r") >= 0 ? $"\"{field.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : field;
}
