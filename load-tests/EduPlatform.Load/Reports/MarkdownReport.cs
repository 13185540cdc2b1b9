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
            md.Append("## Contrast: the same load without the pattern\n\n");
            Table(md, ReportTable.Contrast(result, contrast));
        }

        foreach (var scenario in result.Scenarios)
        {
            Scenario(md, scenario);
        }

        if (result.Events.Count > 0)
        {
            md.Append("## Events\n\n");
            Table(md, ReportTable.Events(result.Events));
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
        Table(md, ReportTable.Generator(g));
    }

    private static void Thresholds(StringBuilder md, RunResult result)
    {
        md.Append("## Thresholds\n\n");
        if (result.Thresholds.Count == 0)
        {
            md.Append("No thresholds.\n\n");
            return;
        }

        Table(md, ReportTable.Thresholds(result));
    }

    private static void Scenario(StringBuilder md, ScenarioResult scenario)
    {
        var s = scenario.Stats;
        md.Append("## Scenario: ").Append(s.Name).Append("\n\n");
        Table(md, ReportTable.Simulations(scenario));
        Table(md, ReportTable.Schedule(s.Schedule));
        md.Append("Latency in ms, from the intended start (open model); service time from the actual start.\n\n");
        Table(md, ReportTable.Stats(s));
        md.Append("- availability: ").Append(ReportText.Availability(s.Availability)).Append('\n');
        md.Append("- status codes: ").Append(string.Join(", ", s.StatusCodes.Select(c => $"`{c.Key}` × {ReportText.Count(c.Value)}"))).Append('\n');
        foreach (var warning in scenario.Warnings)
        {
            md.Append("- ⚠ ").Append(warning).Append('\n');
        }

        md.Append('\n');
    }

    private static void Table(StringBuilder md, ReportTable table)
    {
        md.Append("| ").AppendJoin(" | ", table.Header.Select(Cell)).Append(" |\n|");
        md.Append(string.Concat(table.Header.Select(_ => "---|"))).Append('\n');
        foreach (var row in table.Rows)
        {
            md.Append("| ").AppendJoin(" | ", row.Select((cell, i) => i == table.CodeColumn ? $"`{Cell(cell)}`" : Cell(cell))).Append(" |\n");
        }

        md.Append('\n');
    }

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
