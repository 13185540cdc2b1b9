namespace EduPlatform.Load.Reports;

/// <summary>
/// A report table as plain text cells, built once and rendered by both the Markdown and the HTML
/// report, so the two can never disagree about what a run measured.
/// </summary>
public sealed record ReportTable(string? Id, IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<string>> Rows)
{
    /// <summary>The column shown as code (threshold expressions), or -1.</summary>
    public int CodeColumn { get; init; } = -1;

    public static ReportTable Generator(GeneratorHealth g)
    {
        ArgumentNullException.ThrowIfNull(g);
        return new ReportTable("generator",
            ["process CPU avg", "process CPU max", "machine CPU avg", "scheduling lag p99", "lag max", "late tolerance", "GCs"],
            [[
                $"{g.ProcessCpuAvgPercent:0.#}% of {g.Cores} cores", $"{g.ProcessCpuMaxPercent:0.#}%",
                g.MachineCpuAvgPercent < 0 ? "n/a" : $"{g.MachineCpuAvgPercent:0.#}%",
                $"{ReportText.Ms(g.SchedulingLagP99Ms)} ms", $"{ReportText.Ms(g.SchedulingLagMaxMs)} ms", $"{g.LateToleranceMs:0.#} ms", $"{g.GcCount}",
            ]]);
    }

    public static ReportTable Thresholds(RunResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new ReportTable("thresholds",
            ["scenario", "threshold", "scope", "measured", "verdict", "note"],
            result.Thresholds.Select(t => (IReadOnlyList<string>)
            [
                t.Scenario, t.Step is null ? t.Expression : $"{t.Step}: {t.Expression}", t.Scope, t.Measured,
                ReportText.Outcome(t.Outcome), t.Note ?? "",
            ]).ToArray()) { CodeColumn = 1 };
    }

    public static ReportTable Contrast(RunResult run, RunResult contrast) =>
        new("contrast-figures", ["metric", "this run", $"contrast ({contrast?.Name})"],
            ReportText.ContrastRows(run, contrast!).Select(r => (IReadOnlyList<string>)[r.Metric, r.Run, r.Contrast]).ToArray());

    public static ReportTable Simulations(ScenarioResult scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        return new ReportTable(null, ["load simulation", "k6 executor", "model"],
            scenario.Simulations.Select(s => (IReadOnlyList<string>)[s.Description, s.K6Executor, s.OpenModel ? "open" : "closed"]).ToArray());
    }

    public static ReportTable Schedule(ScheduleStats s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return new ReportTable(null,
            ["model", "intended", "started", "dropped", "late", "completed", "target rps", "achieved rps", "peak in flight", "scheduling lag p99"],
            [[
                s.Model, ReportText.Count(s.Intended), ReportText.Count(s.Started), ReportText.Count(s.Dropped), ReportText.Count(s.Late),
                ReportText.Count(s.Completed), ReportText.Rps(s.TargetRps), ReportText.Rps(s.AchievedRps), $"{s.PeakInFlight}",
                $"{ReportText.Ms(s.SchedulingLag.P99Ms)} ms",
            ]]);
    }

    /// <summary>Ok and fail rows for the whole iteration and each step; a fail row only where something failed.</summary>
    public static ReportTable Stats(ScenarioStats stats)
    {
        ArgumentNullException.ThrowIfNull(stats);
        var rows = new List<IReadOnlyList<string>>();
        foreach (var (name, ok, fail) in new[] { ("(iteration)", stats.Ok, stats.Fail) }.Concat(stats.Steps.Select(s => (s.Name, s.Ok, s.Fail))))
        {
            foreach (var (outcome, m) in new[] { ("ok", ok), ("fail", fail) })
            {
                if (outcome == "fail" && m.Count == 0)
                {
                    continue;
                }

                var l = m.Latency;
                rows.Add(
                [
                    name, outcome, ReportText.Count(m.Count), ReportText.Rps(m.Rps), ReportText.Ms(l.MeanMs), ReportText.Ms(l.StdDevMs),
                    ReportText.Percentile(l, "p50", l.P50Ms), ReportText.Percentile(l, "p75", l.P75Ms), ReportText.Percentile(l, "p95", l.P95Ms),
                    ReportText.Percentile(l, "p99", l.P99Ms), ReportText.Percentile(l, "p99.9", l.P999Ms), ReportText.Ms(l.MaxMs),
                    ReportText.Ms(m.ServiceTime.P50Ms), ReportText.Percentile(m.ServiceTime, "p99", m.ServiceTime.P99Ms), ReportText.Bytes(m.Bytes),
                ]);
            }
        }

        return new ReportTable("stats",
            ["step", "outcome", "count", "rps", "mean", "stddev", "p50", "p75", "p95", "p99", "p99.9", "max", "service p50", "service p99", "bytes"],
            rows);
    }

    public static ReportTable Events(IReadOnlyList<FaultEvent> events) =>
        new("events", ["at (s)", "event", "scenario"],
            events.Select(e => (IReadOnlyList<string>)[$"{e.AtSeconds:0.###}", e.Name, e.Scenario ?? ""]).ToArray());
}
