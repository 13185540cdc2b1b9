using Spectre.Console;

namespace EduPlatform.Load.Reports;

/// <summary>The end-of-run summary on the console: verdict, thresholds, per-scenario figures, warnings.</summary>
public static class ConsoleReport
{
    public static void WriteSummary(IAnsiConsole console, RunResult result, string? reportFolder)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(result);
        var colour = result.ExitCode switch { ExitCodes.Passed => "green", ExitCodes.ThresholdsFailed => "red", _ => "darkorange" };
        console.MarkupLine($"[bold {colour}]{Markup.Escape(result.Name)}: {Markup.Escape(ReportText.Verdict(result))}[/]");

        var stats = new Table().Border(TableBorder.Simple);
        foreach (var column in new[] { "scenario", "model", "ok", "fail", "target rps", "achieved rps", "p50", "p95", "p99", "p99.9", "max", "dropped", "late" })
        {
            stats.AddColumn(column);
        }

        foreach (var scenario in result.Scenarios)
        {
            var s = scenario.Stats;
            var l = s.Ok.Latency;
            stats.AddRow(
                Markup.Escape(s.Name), s.Schedule.Model, ReportText.Count(s.Ok.Count), ReportText.Count(s.Fail.Count),
                ReportText.Rps(s.Schedule.TargetRps), ReportText.Rps(s.Schedule.AchievedRps),
                ReportText.Percentile(l, "p50", l.P50Ms), ReportText.Percentile(l, "p95", l.P95Ms),
                ReportText.Percentile(l, "p99", l.P99Ms), ReportText.Percentile(l, "p99.9", l.P999Ms), ReportText.Ms(l.MaxMs),
                ReportText.Count(s.Schedule.Dropped), ReportText.Count(s.Schedule.Late));
        }

        console.Write(stats);

        if (result.Thresholds.Count > 0)
        {
            var thresholds = new Table().Border(TableBorder.Simple);
            foreach (var column in new[] { "scenario", "threshold", "scope", "measured", "verdict" })
            {
                thresholds.AddColumn(column);
            }

            foreach (var t in result.Thresholds)
            {
                var verdict = t.Outcome switch
                {
                    ThresholdOutcome.Passed => "[green]pass[/]",
                    ThresholdOutcome.Failed => "[red]FAIL[/]",
                    _ => "[darkorange]inconclusive[/]",
                };
                thresholds.AddRow(
                    Markup.Escape(t.Scenario), Markup.Escape(t.Step is null ? t.Expression : $"{t.Step}: {t.Expression}"),
                    Markup.Escape(t.Scope), Markup.Escape(t.Measured), verdict);
            }

            console.Write(thresholds);
        }

        if (result.Generator.GeneratorBound)
        {
            console.MarkupLine("[darkorange]generator-bound: " + Markup.Escape(string.Join("; ", result.Generator.Reasons)) + "[/]");
        }

        foreach (var warning in result.Scenarios.SelectMany(s => s.Warnings.Select(w => $"{s.Stats.Name}: {w}")))
        {
            console.MarkupLine("[grey]⚠ " + Markup.Escape(warning) + "[/]");
        }

        if (reportFolder is not null)
        {
            console.MarkupLine($"[grey]reports: {Markup.Escape(Path.GetFullPath(reportFolder))}[/]");
        }
    }
}
