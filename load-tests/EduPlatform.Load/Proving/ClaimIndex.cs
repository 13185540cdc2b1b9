using System.Net;
using System.Text;
using System.Text.Json;
using EduPlatform.Load.Reports;

namespace EduPlatform.Load.Proving;

/// <summary>The prove run's index (index.md, index.html, index.json): every claim, its verdict, and a link to its report.</summary>
public static class ClaimIndex
{
    public const string MarkdownFile = "index.md";
    public const string HtmlFile = "index.html";
    public const string JsonFile = "index.json";

    /// <summary>One row per threshold and check of a claim: what it says, what was measured, how it came out.</summary>
    public static IReadOnlyList<(string Threshold, string Measured, string Outcome)> Rows(ClaimResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var rows = new List<(string, string, string)>();
        foreach (var t in result.Run?.Thresholds ?? [])
        {
            var name = $"{t.Scenario}{(t.Step is null ? "" : "/" + t.Step)}: {t.Expression}{(t.Scope == "whole run" ? "" : $" ({t.Scope})")}";
            var outcome = ReportText.Outcome(t.Outcome) + (result.Enforces(t) ? "" : " (reported, not enforced in quick mode)");
            rows.Add((name, t.Measured, outcome));
        }

        foreach (var check in result.Checks)
        {
            rows.Add(($"check: {check.Name}", check.Measured,
                (check.Passed ? "pass" : "FAIL") + (result.Enforces(check) ? "" : " (reported, not enforced in quick mode)")));
        }

        if (result.Error is not null)
        {
            rows.Add(("error", result.Error, "ERROR"));
        }

        return rows;
    }

    public static void Write(string folder, IReadOnlyList<ClaimResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        File.WriteAllText(Path.Combine(folder, MarkdownFile), RenderMarkdown(results));
        File.WriteAllText(Path.Combine(folder, HtmlFile), RenderHtml(results));
        File.WriteAllText(Path.Combine(folder, JsonFile), JsonSerializer.Serialize(
            results.Select(r => new
            {
                r.Name,
                r.Chapter,
                r.Statement,
                r.Quick,
                Verdict = r.VerdictLabel,
                Report = $"{r.ReportFolder}/{ReportFiles.Html}",
                r.Error,
                Figures = Rows(r).Select(x => new { x.Threshold, x.Measured, x.Outcome }),
                MeasuredAtUtc = r.Run?.StartedAtUtc,
                r.Run?.Generator.Cores,
                MachineCpuAvgPercent = r.Run?.Generator.MachineCpuAvgPercent,
                Trials = r.Trials.Select(t => new { t.Number, Verdict = t.VerdictLabel, t.Doubt, Report = $"{t.ReportFolder}/{ReportFiles.Html}" }),
                r.DecidingTrial,
            }),
            JsonReport.Options));
    }

    public static string RenderMarkdown(IReadOnlyList<ClaimResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var md = new StringBuilder("# Claims\n\n");
        md.Append(results.Any(r => r.Quick) ? "Quick mode: timing thresholds are reported, not enforced.\n\n" : "");
        md.Append("| claim | chapter | statement | verdict | report |\n|---|---|---|---|---|\n");
        foreach (var r in results)
        {
            md.Append($"| {r.Name} | {r.Chapter} | {Cell(r.Statement)} | {r.VerdictLabel} | [html]({r.ReportFolder}/{ReportFiles.Html}) · [md]({r.ReportFolder}/{ReportFiles.Markdown}) |\n");
        }

        var retried = results.Where(r => r.Trials.Count > 1).ToArray();
        if (retried.Length > 0)
        {
            md.Append("\nRetried (a run in doubt is run again, up to 3 trials, and judged on the median trial):\n\n| claim | trial | verdict | in doubt because | report |\n|---|---|---|---|---|\n");
            foreach (var r in retried)
            {
                foreach (var t in r.Trials)
                {
                    var deciding = t.Number == r.DecidingTrial ? " (deciding)" : "";
                    md.Append($"| {r.Name} | {t.Number}{deciding} | {t.VerdictLabel} | {Cell(t.Doubt ?? "")} | [html]({t.ReportFolder}/{ReportFiles.Html}) |\n");
                }
            }
        }

        md.Append("\n| claim | threshold | measured | result |\n|---|---|---|---|\n");
        foreach (var r in results)
        {
            foreach (var (threshold, measured, outcome) in Rows(r))
            {
                md.Append($"| {r.Name} | {Cell(threshold)} | {Cell(measured)} | {Cell(outcome)} |\n");
            }
        }

        return md.ToString();
    }

    public static string RenderHtml(IReadOnlyList<ClaimResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var html = new StringBuilder("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Claims</title><style>");
        html.Append("body{font:14px/1.45 system-ui,sans-serif;margin:24px;color:#111827}table{border-collapse:collapse;margin:12px 0}");
        html.Append("th,td{border:1px solid #e5e7eb;padding:4px 8px;text-align:left;vertical-align:top}th{background:#f3f4f6}");
        html.Append(".proven{background:#dcfce7}.quick{background:#dbeafe}.notproven{background:#fee2e2}.error{background:#ffedd5}</style></head><body>");
        html.Append("<h1>Claims</h1>");
        if (results.Any(r => r.Quick))
        {
            html.Append("<p>Quick mode: timing thresholds are reported, not enforced.</p>");
        }

        html.Append("<table id=\"claims\"><tr><th>claim</th><th>chapter</th><th>statement</th><th>verdict</th><th>thresholds</th><th>report</th></tr>");
        foreach (var r in results)
        {
            var css = r.Verdict switch
            {
                ClaimVerdict.Proven => "proven",
                ClaimVerdict.RanQuick => "quick",
                ClaimVerdict.NotProven => "notproven",
                _ => "error",
            };
            var rows = string.Join("<br>", Rows(r).Select(x => E($"{x.Threshold} → {x.Measured} → {x.Outcome}")));
            var trials = r.Trials.Count > 1
                ? "<br>" + string.Join("<br>", r.Trials.Select(t =>
                    $"<a href=\"{E(t.ReportFolder)}/{ReportFiles.Html}\">trial {t.Number}</a>: {E(t.VerdictLabel)}{(t.Number == r.DecidingTrial ? " (deciding)" : "")}{(t.Doubt is null ? "" : " — " + E(t.Doubt))}"))
                : "";
            html.Append($"<tr><td>{E(r.Name)}</td><td>{E(r.Chapter)}</td><td>{E(r.Statement)}</td><td class=\"{css}\">{E(r.VerdictLabel)}{trials}</td>");
            html.Append($"<td>{rows}</td><td><a href=\"{E(r.ReportFolder)}/{ReportFiles.Html}\">html</a> · <a href=\"{E(r.ReportFolder)}/{ReportFiles.Markdown}\">md</a></td></tr>");
        }

        html.Append("</table></body></html>");
        return html.ToString();
    }

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
