using System.Diagnostics;
using System.Text.RegularExpressions;
using EduPlatform.Load.Reports;

namespace EduPlatform.Load.Tests;

/// <summary>
/// Opens the HTML report in headless Chromium, as a reader would, offline: the charts must have
/// drawn data, the script must run without errors, and a screenshot is kept in TestResults.
/// </summary>
public sealed partial class HtmlReportInBrowserTests(SampleRunFixture sample)
{
    private const string Chromium = "/usr/bin/chromium";

    [GeneratedRegex("data-charts-rendered=\"(?<n>[0-9]+)\"")]
    private static partial Regex ChartsRendered();

    [Fact]
    public async Task The_report_renders_its_charts_in_chromium_without_script_errors()
    {
        File.Exists(Chromium).Should().BeTrue(
            $"headless Chromium is needed at {Chromium} to check the HTML report: install the Debian package 'chromium' (apt-get install chromium); eng scripts install it on CI");
        var report = new Uri(Path.Combine(sample.Folder, ReportFiles.Html)).AbsoluteUri;

        var (dom, log) = await RunChromiumAsync("--enable-logging=stderr", "--v=0", "--dump-dom", report);

        dom.Should().Contain("data-script-errors=\"0\"", "the inline script ran to its end without an error");
        log.Should().NotContain("Uncaught");
        var rendered = ChartsRendered().Match(dom);
        rendered.Success.Should().BeTrue("the script marks how many charts drew data");
        int.Parse(rendered.Groups["n"].Value, System.Globalization.CultureInfo.InvariantCulture).Should().Be(4);
        dom.Should().Contain("<path class=\"series\"");

        var screenshot = Path.Combine(AppContext.BaseDirectory, "TestResults", "html-report.png");
        File.Delete(screenshot);
        await RunChromiumAsync("--hide-scrollbars", "--window-size=1400,2400", $"--screenshot={screenshot}", report);
        var png = await File.ReadAllBytesAsync(screenshot, TestContext.Current.CancellationToken);
        png.Length.Should().BeGreaterThan(20_000, "a screenshot of a page with charts is not blank");
        png.Take(4).Should().Equal([0x89, 0x50, 0x4E, 0x47]);
        TestContext.Current.SendDiagnosticMessage($"screenshot: {screenshot}");
    }

    private static async Task<(string Stdout, string Stderr)> RunChromiumAsync(params string[] args)
    {
        var profile = Directory.CreateTempSubdirectory("chromium-profile-");
        try
        {
            var start = new ProcessStartInfo(Chromium) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var arg in new[]
                     {
                         "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                         "--disable-background-networking", "--disable-component-update", "--disable-sync",
                         $"--user-data-dir={profile.FullName}",
                     }.Concat(args))
            {
                start.ArgumentList.Add(arg);
            }

            using var process = Process.Start(start)!;
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(60));
            var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }

            return (await stdout, await stderr);
        }
        finally
        {
            profile.Delete(recursive: true);
        }
    }
}
