using System.Text;

namespace EduPlatform.Load.Reports;

/// <summary>The report as Markdown: readable in a terminal, a pull request or a wiki.</summary>
public static class MarkdownReport
{
    public static string Render(RunResult result, RunResult? contrast = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        var md = new StringBuilder();
        md.Append("# Load run: ").Append(result.Name).Append("\n\n");
        md.Append("**Verdict: ").Append(ReportText.Verdict(result)).Append("** (exit code ").Append(result.ExitCode).Append(")\n\n");
        md.Append("- started: ").Append(result.StartedAtUtc.ToString("u")).Append('\n');
        md.Append("- measured: ").Append($"{result.DurationSeconds:0.###}").Append(" s");
        md.Append(result.WarmUpSeconds > 0 ? $" after {result.WarmUpSeconds:0.#} s warm-up (discarded)" : ", no warm-up").Append('\n');
        md.Append("- machine: ").Append(result.Environment.Machine).Append(", ").Append(result.Environment.Cores).Append(" cores, ")
            .Append(result.Environment.Os).Append(", ").Append(result.Environment.Runtime).Append('\n');
        if (result.Aborted)
        {
            md.Append("- **aborted**: ").Append(result.AbortReason).Append('\n');
        }

        md.Append('\n');
        Generator(md, result.Generator);
        Thresholds(md, result);
        if (contrast is not null)
        {
            md.Append("## Contrast: the same load without the pattern\n\n| metric | this run | contrast |\n|---|---|---|\n");
            foreach (var (metric, run, other) in ReportText.ContrastRows(result, contrast))
            {
                md.Append($"| {Cell(metric)} | {Cell(run)} | {Cell(other)} |\n");
            }

            md.Append('\n');
        }

        foreach (var scenario in result.Scenarios)
        {
            Scenario(md, scenario);
        }

        if (result.Events.Count > 0)
        {
            md.Append("## Events\n\n| at (s) | event | scenario |\n|---|---|---|\n");
            foreach (var e in result.Events)
            {
                md.Append($"| {e.AtSeconds:0.###} | {Cell(e.Name)} | {Cell(e.Scenario ?? "")} |\n");
            }

            md.Append('\n');
        }

        md.Append("⚠ marks a percentile with too few samples to be reliable (p99 needs ≥ 1,000, p99.9 ≥ 10,000).\n");
        return md.ToString();
    }

    private static void Generator(StringBuilder md, GeneratorHealth g)
    {
        md.Append("## Generator health\n\n");
        md.Append(g.GeneratorBound
            ? "**The generator, not the system under test, may have been the bottleneck:**\n\n" + string.Concat(g.Reasons.Select(r => $"- {r}\n")) + "\n"
            : "The generator kept its schedule.\n\n");
        md.Append($"| process CPU avg | process CPU max | machine CPU avg | scheduling lag p99 | lag max | late tolerance | GCs |\n|---|---|---|---|---|---|---|\n");
        md.Append($"| {g.ProcessCpuAvgPercent:0.#}% of {g.Cores} cores | {g.ProcessCpuMaxPercent:0.#}% | {(g.MachineCpuAvgPercent < 0 ? "n/a" : $"{g.MachineCpuAvgPercent:0.#}%")} | ");
        md.Append($"{ReportText.Ms(g.SchedulingLagP99Ms)} ms | {ReportText.Ms(g.SchedulingLagMaxMs)} ms | {g.LateToleranceMs:0.#} ms | {g.GcCount} |\n\n");
    }

    private static void Thresholds(StringBuilder md, RunResult result)
    {
        md.Append("## Thresholds\n\n");
        if (result.Thresholds.Count == 0)
        {
            md.Append("No thresholds.\n\n");
            return;
        }

        md.Append("| scenario | threshold | scope | measured | verdict | note |\n|---|---|---|---|---|---|\n");
        foreach (var t in result.Thresholds)
        {
            var name = t.Step is null ? t.Expression : $"{t.Step}: {t.Expression}";
            md.Append($"| {Cell(t.Scenario)} | `{Cell(name)}` | {t.Scope} | {Cell(t.Measured)} | {ReportText.Outcome(t.Outcome)} | {Cell(t.Note ?? "")} |\n");
        }

        md.Append('\n');
    }

    private static void Scenario(StringBuilder md, ScenarioResult scenario)
    {
        var s = scenario.Stats;
        md.Append("## Scenario: ").Append(s.Name).Append("\n\n");
        md.Append("| load simulation | k6 executor | model |\n|---|---|---|\n");
        foreach (var sim in scenario.Simulations)
        {
            md.Append($"| {sim.Description} | {sim.K6Executor} | {(sim.OpenModel ? "open" : "closed")} |\n");
        }

        var sch = s.Schedule;
        md.Append("\n| model | intended | started | dropped | late | completed | target rps | achieved rps | peak in flight | scheduling lag p99 |\n|---|---|---|---|---|---|---|---|---|---|\n");
        md.Append($"| {sch.Model} | {ReportText.Count(sch.Intended)} | {ReportText.Count(sch.Started)} | {ReportText.Count(sch.Dropped)} | {ReportText.Count(sch.Late)} | ");
        md.Append($"{ReportText.Count(sch.Completed)} | {ReportText.Rps(sch.TargetRps)} | {ReportText.Rps(sch.AchievedRps)} | {sch.PeakInFlight} | {ReportText.Ms(sch.SchedulingLag.P99Ms)} ms |\n\n");

        md.Append("Latency in ms, from the intended start (open model); service time from the actual start.\n\n");
        md.Append("| step | outcome | count | rps | mean | stddev | p50 | p75 | p95 | p99 | p99.9 | max | service p50 | service p99 | bytes |\n");
        md.Append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        StatsRows(md, "(iteration)", s.Ok, s.Fail);
        foreach (var step in s.Steps)
        {
            StatsRows(md, step.Name, step.Ok, step.Fail);
        }

        md.Append("\n- availability: ").Append(ReportText.Availability(s.Availability)).Append('\n');
        md.Append("- status codes: ").Append(string.Join(", ", s.StatusCodes.Select(c => $"`{c.Key}` × {ReportText.Count(c.Value)}"))).Append('\n');
        foreach (var warning in scenario.Warnings)
        {
            md.Append("- ⚠ ").Append(warning).Append('\n');
        }

        md.Append('\n');
    }

    private static void StatsRows(StringBuilder md, string step, MeasureStats ok, MeasureStats fail)
    {
        foreach (var (outcome, m) in new[] { ("ok", ok), ("fail", fail) })
        {
            if (outcome == "fail" && m.Count == 0)
            {
                continue;
            }

            var l = m.Latency;
            md.Append($"| {Cell(step)} | {outcome} | {ReportText.Count(m.Count)} | {ReportText.Rps(m.Rps)} | {ReportText.Ms(l.MeanMs)} | {ReportText.Ms(l.StdDevMs)} | ");
            md.Append($"{ReportText.Percentile(l, "p50", l.P50Ms)} | {ReportText.Percentile(l, "p75", l.P75Ms)} | {ReportText.Percentile(l, "p95", l.P95Ms)} | ");
            md.Append($"{ReportText.Percentile(l, "p99", l.P99Ms)} | {ReportText.Percentile(l, "p99.9", l.P999Ms)} | {ReportText.Ms(l.MaxMs)} | ");
            md.Append($"{ReportText.Ms(m.ServiceTime.P50Ms)} | {ReportText.Percentile(m.ServiceTime, "p99", m.ServiceTime.P99Ms)} | {ReportText.Bytes(m.Bytes)} |\n");
        }
    }

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
