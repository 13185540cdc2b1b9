using System.Globalization;
using EduPlatform.Load.Reports;

namespace EduPlatform.Load.Tests;

public sealed class ReportTests(SampleRunFixture sample)
{
    private RunResult Run => sample.Run;

    private string FileIn(string name) => Path.Combine(sample.Folder, name);

    [Fact]
    public void Every_format_is_written()
    {
        foreach (var file in new[] { ReportFiles.Json, ReportFiles.Markdown, ReportFiles.Html, ReportFiles.StatsCsv, ReportFiles.IntervalsCsv, ReportFiles.ThresholdsCsv })
        {
            new FileInfo(FileIn(file)).Length.Should().BeGreaterThan(100, $"{file} holds a report");
        }
    }

    [Fact]
    public void Json_reads_back_into_the_same_run()
    {
        var read = JsonReport.Read(FileIn(ReportFiles.Json));

        JsonReport.Serialize(read).Should().Be(File.ReadAllText(FileIn(ReportFiles.Json)), "nothing is lost in a round trip");
        read.ExitCode.Should().Be(Run.ExitCode);
        read.Scenario("checkout").Stats.Step("login").Ok.Count.Should().Be(Run.Scenario("checkout").Stats.Step("login").Ok.Count);
        read.Events.Should().ContainSingle(e => e.Name == "instance killed");
        read.Thresholds.Select(t => t.Outcome).Should().Equal(Run.Thresholds.Select(t => t.Outcome));
    }

    [Fact]
    public void Stats_csv_has_ok_and_fail_rows_per_step_matching_the_run()
    {
        var rows = CsvTable.Parse(File.ReadAllText(FileIn(ReportFiles.StatsCsv)));
        var stats = Run.Scenario("checkout").Stats;

        rows.Should().HaveCount(2 * (1 + stats.Steps.Count));
        var iterationOk = rows.Single(r => r["step"] == CsvReport.IterationStepName && r["outcome"] == "ok");
        long.Parse(iterationOk["count"], CultureInfo.InvariantCulture).Should().Be(stats.Ok.Count);
        double.Parse(iterationOk["p99_ms"], CultureInfo.InvariantCulture).Should().BeApproximately(stats.Ok.Latency.P99Ms, 0.001);
        var payFail = rows.Single(r => r["step"] == "pay, then \"confirm\"" && r["outcome"] == "fail");
        long.Parse(payFail["count"], CultureInfo.InvariantCulture).Should().Be(stats.Step("pay, then \"confirm\"").Fail.Count);
        payFail["unreliable_percentiles"].Should().Contain("p99", "30 failures cannot give a p99");
    }

    [Fact]
    public void Intervals_csv_adds_up_to_the_totals_and_thresholds_csv_lists_every_verdict()
    {
        var intervals = CsvTable.Parse(File.ReadAllText(FileIn(ReportFiles.IntervalsCsv)));
        var stats = Run.Scenario("checkout").Stats;

        intervals.Should().HaveCount(Run.Scenario("checkout").Intervals.Count);
        intervals.Sum(r => long.Parse(r["ok"], CultureInfo.InvariantCulture)).Should().Be(stats.Ok.Count);
        intervals.Sum(r => long.Parse(r["intended"], CultureInfo.InvariantCulture)).Should().Be(600);
        intervals.Should().Contain(r => r["status_codes"].Contains("503:", StringComparison.Ordinal));

        var thresholds = CsvTable.Parse(File.ReadAllText(FileIn(ReportFiles.ThresholdsCsv)));
        thresholds.Select(t => t["outcome"]).Should().Equal(Run.Thresholds.Select(t => t.Outcome.ToString()));
        thresholds.Should().Contain(t => t["threshold"] == "rate<0.01" && t["outcome"] == "Failed");
    }

    [Fact]
    public void Markdown_holds_the_verdict_thresholds_steps_contrast_events_and_flags()
    {
        var md = File.ReadAllText(FileIn(ReportFiles.Markdown));

        md.Should().Contain("**Verdict: FAILED: a threshold did not pass** (exit code 99)");
        md.Should().Contain("| checkout | `rate<0.01` | whole run | rate = 0.05 (30 failed of 600) | FAIL |");
        md.Should().Contain("| checkout | `login: p(99)<100` |");
        md.Should().Contain("most checkouts succeed");
        md.Should().Contain("| pay, then \"confirm\" | fail |");
        md.Should().Contain("## Contrast: the same load without the pattern");
        md.Should().Contain("| instance killed |");
        md.Should().Contain("constant-arrival-rate");
        md.Should().Contain("⚠", "percentiles from too few samples are flagged");
        md.Should().Contain("Clopper-Pearson");
    }

    [Fact]
    public void Html_is_self_contained_with_charts_for_latency_rps_and_status_codes()
    {
        var html = File.ReadAllText(FileIn(ReportFiles.Html));

        html.Should().NotContainAny(["<link", "src=\"http", "src='http", "@import", "cdn"], "the report must open offline");
        html.Should().Contain("Latency percentiles over time").And.Contain("target vs achieved").And.Contain("Status codes per interval");
        html.Should().Contain("class=\"event\"", "fault events are drawn on the timelines");
        html.Should().Contain("id=\"thresholds\"").And.Contain("id=\"contrast\"");
        html.Should().Contain("sample &lt;run&gt; &amp; &quot;quotes&quot;", "names are escaped");
        CountOf(html, "<svg class=\"chart\"").Should().Be(4, "latency, contrast latency, rps and status charts");
    }

    private static int CountOf(string text, string part) => (text.Length - text.Replace(part, "", StringComparison.Ordinal).Length) / part.Length;
}
