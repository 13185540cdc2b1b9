using System.Globalization;
using System.Net;
using System.Text;

namespace EduPlatform.Load.Reports;

/// <summary>
/// One self-contained HTML file: inline CSS, charts as inline SVG rendered here in C#, the run
/// as embedded JSON, and a few lines of inline script for a hover read-out. Nothing is fetched,
/// so it opens offline, from an archive, or attached to a CI run.
/// </summary>
public static class HtmlReport
{
    public static string Render(RunResult result, RunResult? contrast = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">");
        html.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        html.Append("<title>").Append(E(result.Name)).Append(" — load report</title><style>").Append(Css).Append("</style></head><body>");

        var verdictClass = result.ExitCode switch { ExitCodes.Passed => "pass", ExitCodes.ThresholdsFailed => "fail", _ => "error" };
        html.Append("<header><h1>").Append(E(result.Name)).Append("</h1>");
        html.Append($"<div class=\"verdict {verdictClass}\" id=\"verdict\">{E(ReportText.Verdict(result))} (exit code {result.ExitCode})</div>");
        html.Append("<p class=\"meta\">started ").Append(E(result.StartedAtUtc.ToString("u"))).Append(" · measured ")
            .Append(F(result.DurationSeconds)).Append(" s")
            .Append(result.WarmUpSeconds > 0 ? $" after {F(result.WarmUpSeconds)} s warm-up (discarded)" : ", no warm-up")
            .Append(" · ").Append(E($"{result.Environment.Machine}, {result.Environment.Cores} cores, {result.Environment.Os}, {result.Environment.Runtime}"))
            .Append("</p>");
        if (result.Aborted)
        {
            html.Append("<p class=\"warn\">Aborted: ").Append(E(result.AbortReason ?? "")).Append("</p>");
        }

        html.Append("</header><main>");
        Generator(html, result.Generator);
        Thresholds(html, result);
        if (contrast is not null)
        {
            Contrast(html, result, contrast);
        }

        foreach (var scenario in result.Scenarios)
        {
            Scenario(html, scenario, result, contrast?.Scenarios.FirstOrDefault(c => c.Stats.Name == scenario.Stats.Name), contrast);
        }

        Events(html, result.Events);
        html.Append("<p class=\"meta\">⚠ marks a percentile with too few samples to be reliable (p99 needs ≥ 1,000, p99.9 ≥ 10,000). ")
            .Append("Latency runs from each iteration's intended start (open model), so stalls are never hidden; service time runs from the actual start.</p>");
        html.Append("</main>");
        html.Append("<script type=\"application/json\" id=\"run-data\">").Append(JsonForScript(JsonReport.Serialize(result))).Append("</script>");
        html.Append("<script>").Append(Script).Append("</script></body></html>");
        return html.ToString();
    }

    private static void Generator(StringBuilder html, GeneratorHealth g)
    {
        html.Append("<section><h2>Generator health</h2>");
        html.Append(g.GeneratorBound
            ? "<p class=\"warn\" id=\"generator-bound\">The generator, not the system under test, may have been the bottleneck:</p><ul>"
              + string.Concat(g.Reasons.Select(r => $"<li>{E(r)}</li>")) + "</ul>"
            : "<p>The generator kept its schedule.</p>");
        Table(html, ReportTable.Generator(g));
        html.Append("</section>");
    }

    private static void Thresholds(StringBuilder html, RunResult result)
    {
        html.Append("<section><h2>Thresholds</h2>");
        if (result.Thresholds.Count == 0)
        {
            html.Append("<p>No thresholds.</p></section>");
            return;
        }

        Table(html, ReportTable.Thresholds(result));
        html.Append("</section>");
    }

    private static void Contrast(StringBuilder html, RunResult result, RunResult contrast)
    {
        html.Append("<section id=\"contrast\"><h2>Contrast: the same load without the pattern</h2>");
        Table(html, ReportTable.Contrast(result, contrast));
        html.Append("</section>");
    }

    private static void Scenario(StringBuilder html, ScenarioResult scenario, RunResult result, ScenarioResult? contrastScenario, RunResult? contrast)
    {
        var s = scenario.Stats;
        html.Append("<section class=\"scenario\"><h2>Scenario: ").Append(E(s.Name)).Append("</h2>");
        Table(html, ReportTable.Simulations(scenario));
        foreach (var warning in scenario.Warnings)
        {
            html.Append("<p class=\"warn\">⚠ ").Append(E(warning)).Append("</p>");
        }

        var xMax = Math.Max(result.DurationSeconds, scenario.Intervals.Count == 0 ? 1 : scenario.Intervals[^1].AtSeconds);
        html.Append("<div class=\"charts\">");
        Chart(html, LatencyChart(s.Name, scenario.Intervals, result.Events, xMax, "Latency percentiles over time (ok, from intended start)"));
        if (contrastScenario is not null && contrast is not null)
        {
            var contrastMax = Math.Max(contrast.DurationSeconds, 1);
            Chart(html, LatencyChart(s.Name, contrastScenario.Intervals, contrast.Events, contrastMax, "Contrast: latency percentiles over time"), "contrast");
        }

        Chart(html, RpsChart(s.Name, scenario.Intervals, result.Events, xMax));
        Chart(html, StatusChart(s.Name, scenario.Intervals, result.Events, xMax));
        html.Append("</div>");

        Table(html, ReportTable.Schedule(s.Schedule));
        Table(html, ReportTable.Stats(s));
        html.Append("<p>Availability: ").Append(E(ReportText.Availability(s.Availability))).Append("</p>");
        html.Append("<p>Status codes: ").Append(E(string.Join(", ", s.StatusCodes.Select(c => $"{c.Key} × {ReportText.Count(c.Value)}")))).Append("</p>");
        html.Append("</section>");
    }

    private static SvgChart LatencyChart(string scenario, IReadOnlyList<IntervalStats> intervals, IReadOnlyList<FaultEvent> events, double xMax, string title)
    {
        var chart = new SvgChart { Title = title, YLabel = "ms (log)", LogScale = true, XMax = xMax, ScenarioName = scenario };
        var withOk = Spans(intervals).Where(s => s.Interval.Ok > 0).ToArray();
        chart.Series.Add(new ChartSeries("p50", SvgChart.Palette[0], withOk.Select(s => (s.Middle, s.Interval.P50Ms)).ToArray()));
        chart.Series.Add(new ChartSeries("p95", SvgChart.Palette[1], withOk.Select(s => (s.Middle, s.Interval.P95Ms)).ToArray()));
        chart.Series.Add(new ChartSeries("p99", SvgChart.Palette[4], withOk.Select(s => (s.Middle, s.Interval.P99Ms)).ToArray()));
        chart.Series.Add(new ChartSeries("max", SvgChart.Palette[2], withOk.Select(s => (s.Middle, s.Interval.MaxMs)).ToArray(), Dashed: true));
        chart.Events.AddRange(events);
        return chart;
    }

    private static SvgChart RpsChart(string scenario, IReadOnlyList<IntervalStats> intervals, IReadOnlyList<FaultEvent> events, double xMax)
    {
        var chart = new SvgChart { Title = "Requests per second: target vs achieved", YLabel = "per second", XMax = xMax, ScenarioName = scenario };
        // A final sliver of a second (the drain after the schedule ended) would plot as a spike: rates need a real span.
        var spans = Spans(intervals).Where(s => s.Length >= 0.25).ToArray();
        (double, double)[] Per(Func<IntervalStats, long> value) => spans.Select(s => (s.Middle, value(s.Interval) / s.Length)).ToArray();
        if (intervals.Any(i => i.Intended > 0))
        {
            chart.Series.Add(new ChartSeries("target (intended)", SvgChart.Palette[6], Per(i => i.Intended), Dashed: true));
        }

        chart.Series.Add(new ChartSeries("achieved (completed)", SvgChart.Palette[0], Per(i => i.Ok + i.Fail)));
        chart.Series.Add(new ChartSeries("failed", SvgChart.Palette[2], Per(i => i.Fail)));
        if (intervals.Any(i => i.Dropped > 0))
        {
            chart.Series.Add(new ChartSeries("dropped", SvgChart.Palette[3], Per(i => i.Dropped)));
        }

        chart.Events.AddRange(events);
        return chart;
    }

    private static SvgChart StatusChart(string scenario, IReadOnlyList<IntervalStats> intervals, IReadOnlyList<FaultEvent> events, double xMax)
    {
        var chart = new SvgChart { Title = "Status codes per interval", YLabel = "count", StackedBars = true, XMax = xMax, ScenarioName = scenario };
        var codes = intervals.SelectMany(i => i.StatusCodes.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        for (var c = 0; c < codes.Length; c++)
        {
            var code = codes[c];
            chart.Series.Add(new ChartSeries(code, SvgChart.Palette[c % SvgChart.Palette.Length],
                intervals.Select(i => (i.AtSeconds, (double)i.StatusCodes.GetValueOrDefault(code))).ToArray()));
        }

        chart.Events.AddRange(events);
        return chart;
    }

    /// <summary>Each interval with where it sits on the time axis: plotted at its middle, not its end.</summary>
    private static IEnumerable<(IntervalStats Interval, double Middle, double Length)> Spans(IReadOnlyList<IntervalStats> intervals)
    {
        var previous = 0.0;
        foreach (var interval in intervals)
        {
            yield return (interval, (previous + interval.AtSeconds) / 2, interval.AtSeconds - previous);
            previous = interval.AtSeconds;
        }
    }

    private static void Chart(StringBuilder html, SvgChart chart, string source = "run") =>
        html.Append($"<figure data-source=\"{source}\">").Append(chart.Render()).Append("<figcaption class=\"readout\">&nbsp;</figcaption></figure>");

    private static void Table(StringBuilder html, ReportTable table)
    {
        html.Append(table.Id is null ? "<table>" : $"<table id=\"{E(table.Id)}\">").Append("<tr>");
        foreach (var header in table.Header)
        {
            html.Append("<th>").Append(E(header)).Append("</th>");
        }

        html.Append("</tr>");
        foreach (var row in table.Rows)
        {
            html.Append("<tr>");
            for (var i = 0; i < row.Count; i++)
            {
                var css = row[i] switch { "pass" => " class=\"pass\"", "FAIL" => " class=\"fail\"", "inconclusive" => " class=\"error\"", _ => "" };
                var cell = i == table.CodeColumn ? $"<code>{E(row[i])}</code>" : E(row[i]);
                html.Append($"<td{css}>{cell}</td>");
            }

            html.Append("</tr>");
        }

        html.Append("</table>");
    }

    private static void Events(StringBuilder html, IReadOnlyList<FaultEvent> events)
    {
        if (events.Count == 0)
        {
            return;
        }

        html.Append("<section><h2>Events</h2>");
        Table(html, ReportTable.Events(events));
        html.Append("</section>");
    }

    // "</script" inside embedded JSON would end the script element early.
    private static string JsonForScript(string json) => json.Replace("</", "<\\/", StringComparison.Ordinal);

    private static string F(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private const string Css = """
        body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;color:#111827;background:#f9fafb}
        header{background:#fff;border-bottom:1px solid #e5e7eb;padding:16px 24px}h1{margin:0 0 8px;font-size:22px}
        main{padding:8px 24px 32px}section{background:#fff;border:1px solid #e5e7eb;border-radius:8px;padding:12px 16px;margin:16px 0}
        h2{font-size:17px;margin:4px 0 10px}table{border-collapse:collapse;margin:8px 0;font-size:13px}
        th,td{border:1px solid #e5e7eb;padding:4px 8px;text-align:left;vertical-align:top}th{background:#f3f4f6}
        .verdict{display:inline-block;padding:6px 12px;border-radius:6px;font-weight:600}
        .verdict.pass,td.pass{background:#dcfce7;color:#166534}.verdict.fail,td.fail{background:#fee2e2;color:#991b1b}
        .verdict.error,td.error{background:#ffedd5;color:#9a3412}.warn{color:#9a3412}.meta{color:#6b7280;font-size:12px}
        .charts{display:flex;flex-wrap:wrap;gap:12px}figure{margin:0;border:1px solid #e5e7eb;border-radius:6px;padding:6px;background:#fff}
        svg.chart{width:760px;max-width:100%;height:auto;display:block}svg .title{font-weight:600;font-size:13px}
        svg .tick{font-size:11px;fill:#4b5563}svg .grid{stroke:#eef0f3}svg .axis{stroke:#9ca3af}
        figcaption.readout{font-size:12px;color:#374151;min-height:1.4em;font-family:ui-monospace,monospace}
        """;

    // Hover read-out: the second under the pointer, from the embedded JSON. Also leaves two marks
    // for automated checks: data-charts-rendered (charts with drawn data) and data-script-errors.
    private const string Script = """
        (function () {
          var root = document.documentElement;
          root.dataset.scriptErrors = "0";
          window.addEventListener("error", function () { root.dataset.scriptErrors = String(Number(root.dataset.scriptErrors) + 1); });
          var run = JSON.parse(document.getElementById("run-data").textContent);
          var byName = {};
          run.scenarios.forEach(function (s) { byName[s.stats.name] = s.intervals; });
          var drawn = 0;
          document.querySelectorAll("figure").forEach(function (figure) {
            var svg = figure.querySelector("svg.chart");
            if (svg.querySelectorAll("path.series, rect.bar").length > 0) { drawn++; }
            if (figure.dataset.source !== "run") { return; }
            var readout = figure.querySelector(".readout");
            var intervals = byName[svg.dataset.scenario] || [];
            svg.addEventListener("mousemove", function (e) {
              var box = svg.getBoundingClientRect();
              var scale = box.width / svg.viewBox.baseVal.width;
              var x = (e.clientX - box.left) / scale - Number(svg.dataset.plotLeft);
              var at = x / Number(svg.dataset.plotWidth) * Number(svg.dataset.xMax);
              var best = null;
              intervals.forEach(function (i) { if (best === null || Math.abs(i.atSeconds - at) < Math.abs(best.atSeconds - at)) { best = i; } });
              if (best === null) { return; }
              var codes = Object.keys(best.statusCodes).map(function (k) { return k + ":" + best.statusCodes[k]; }).join(" ");
              readout.textContent = "t=" + best.atSeconds + "s  intended " + best.intended + "  ok " + best.ok + "  fail " + best.fail +
                "  p50 " + best.p50Ms + " ms  p99 " + best.p99Ms + " ms  max " + best.maxMs + " ms  " + codes;
            });
          });
          root.dataset.chartsRendered = String(drawn);
        })();
        """;
}
