using System.Globalization;
using Spectre.Console;

namespace EduPlatform.Load.Reports;

/// <summary>
/// Live progress: a refreshing Spectre table on an interactive terminal; on CI logs (redirected
/// output) a plain line every few seconds instead, so logs stay readable.
/// </summary>
internal sealed class ConsoleProgress(IAnsiConsole console)
{
    private const int PlainLineEverySeconds = 5;
    private RunProgress? _latest;
    private int _lastPlainLine = -1;

    public void Update(RunProgress progress)
    {
        Volatile.Write(ref _latest, progress);
        if (console.Profile.Capabilities.Interactive)
        {
            return;
        }

        var second = (int)progress.ElapsedSeconds;
        // The first update always gets its line: a run shorter than the interval still shows progress once, whichever
        // second the ticker happened to reach first.
        if (_lastPlainLine < 0 || (second % PlainLineEverySeconds == 0 && second != _lastPlainLine))
        {
            _lastPlainLine = second;
            foreach (var s in progress.Scenarios)
            {
                console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  [{second,4}s] {s.Name}: {s.LastSecond.Ok + s.LastSecond.Fail}/s (target {s.LastSecond.Intended}/s), "
                    + $"ok {s.Ok:N0}, fail {s.Fail:N0}, dropped {s.Dropped:N0}, p99 {ReportText.Ms(s.LastSecond.P99Ms)} ms, cpu {progress.ProcessCpuPercent:0}%"));
            }
        }
    }

    public async Task WatchAsync(Task work)
    {
        if (!console.Profile.Capabilities.Interactive)
        {
            await work;
            return;
        }

        await console.Live(Render()).AutoClear(false).StartAsync(async live =>
        {
            while (!work.IsCompleted)
            {
                await Task.WhenAny(work, Task.Delay(500));
                live.UpdateTarget(Render());
            }
        });
        await work;
    }

    private Table Render()
    {
        var table = new Table().Border(TableBorder.Rounded).Title("[bold]load run[/]");
        foreach (var column in new[] { "scenario", "elapsed", "target/s", "achieved/s", "ok", "fail", "dropped", "p99 (last s)", "cpu" })
        {
            table.AddColumn(column);
        }

        var progress = Volatile.Read(ref _latest);
        if (progress is null)
        {
            table.AddRow("starting…", "", "", "", "", "", "", "", "");
            return table;
        }

        foreach (var s in progress.Scenarios)
        {
            table.AddRow(
                Markup.Escape(s.Name),
                string.Create(CultureInfo.InvariantCulture, $"{progress.ElapsedSeconds:0}s / {s.NominalSeconds:0}s"),
                s.LastSecond.Intended.ToString(CultureInfo.InvariantCulture),
                (s.LastSecond.Ok + s.LastSecond.Fail).ToString(CultureInfo.InvariantCulture),
                ReportText.Count(s.Ok),
                s.Fail > 0 ? $"[red]{ReportText.Count(s.Fail)}[/]" : "0",
                s.Dropped > 0 ? $"[red]{ReportText.Count(s.Dropped)}[/]" : "0",
                $"{ReportText.Ms(s.LastSecond.P99Ms)} ms",
                string.Create(CultureInfo.InvariantCulture, $"{progress.ProcessCpuPercent:0}%"));
        }

        return table;
    }
}
