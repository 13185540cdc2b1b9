using Spectre.Console;

namespace EduPlatform.Load.Proving;

/// <summary>
/// Proves claims one after another (never side by side: they would share the machine and
/// spoil each other's numbers), judges each, writes the index and prints the verdict table.
/// Exit code: 0 all proven (or ran, in quick mode), 99 a claim not proven, 1 a claim errored.
/// </summary>
public sealed class ProveRunner(IAnsiConsole console)
{
    public async Task<(int ExitCode, IReadOnlyList<ClaimResult> Results)> RunAsync(
        IReadOnlyList<IClaim> claims, bool quick, string reportRoot, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claims);
        Directory.CreateDirectory(reportRoot);
        var results = new List<ClaimResult>();
        foreach (var claim in claims)
        {
            console.Write(new Rule($"[bold]{Markup.Escape(claim.Name)}[/]{(quick ? " [grey](quick)[/]" : "")}").LeftJustified());
            console.MarkupLine($"[grey]{Markup.Escape(claim.Statement)}[/]");
            results.Add(await ProveAsync(claim, quick, reportRoot, cancellationToken));
        }

        ClaimIndex.Write(reportRoot, results);
        WriteTable(results);
        console.MarkupLine($"[grey]index: {Markup.Escape(Path.GetFullPath(Path.Combine(reportRoot, ClaimIndex.HtmlFile)))}[/]");

        var exitCode = results.Any(r => r.Verdict == ClaimVerdict.Error) ? ExitCodes.EngineError
            : results.Any(r => r.Verdict == ClaimVerdict.NotProven) ? ExitCodes.ThresholdsFailed
            : ExitCodes.Passed;
        return (exitCode, results);
    }

    /// <summary>
    /// One claim, in as many trials as its runs need: a full run whose generator was the bottleneck, or whose machine
    /// was busy with other work, may describe the machine rather than the system, so it is run again (up to
    /// <see cref="ClaimTrials.Max"/> trials, stopping as soon as two agree) and judged on the median trial. Thresholds
    /// stay as they are: a claim is never proven by loosening them, only by a trial that can be trusted.
    /// </summary>
    private async Task<ClaimResult> ProveAsync(IClaim claim, bool quick, string reportRoot, CancellationToken cancellationToken)
    {
        var trials = new List<ClaimResult>();
        while (true)
        {
            var number = trials.Count + 1;
            var folder = number == 1 ? claim.Name : Path.Combine(claim.Name, $"trial-{number}");
            trials.Add(await RunTrialAsync(claim, quick, reportRoot, folder, cancellationToken));
            var doubt = ClaimTrials.Doubt(trials[^1]) ?? "the trials so far disagree";
            if (!ClaimTrials.NeedsAnother(trials) || cancellationToken.IsCancellationRequested)
            {
                break;
            }

            console.MarkupLine($"[yellow]trial {number} cannot be trusted alone ({Markup.Escape(doubt)}): trial {number + 1} of at most {ClaimTrials.Max}[/]");
        }

        return ClaimTrials.Judge(trials);
    }

    private async Task<ClaimResult> RunTrialAsync(IClaim claim, bool quick, string reportRoot, string folder, CancellationToken cancellationToken)
    {
        var context = new ClaimContext(claim, quick, Path.Combine(reportRoot, folder), console, cancellationToken);
        ClaimResult result;
        try
        {
            result = await claim.RunAsync(context);
        }
#pragma warning disable CA1031 // A claim that throws is reported as an error; the other claims still run.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            result = context.Complete() with { Error = $"{ex.GetType().Name}: {ex.Message}" };
        }

        return result with
        {
            Verdict = ClaimResult.Judge(quick, result.Run, result.Checks, result.Error),
            ReportFolder = folder.Replace('\\', '/'),
        };
    }

    private void WriteTable(IReadOnlyList<ClaimResult> results)
    {
        var table = new Table().Border(TableBorder.Rounded).Title("[bold]claims[/]");
        foreach (var column in new[] { "claim", "threshold", "measured", "result", "verdict" })
        {
            table.AddColumn(column);
        }

        foreach (var result in results)
        {
            var colour = result.Verdict switch
            {
                ClaimVerdict.Proven => "green",
                ClaimVerdict.RanQuick => "blue",
                ClaimVerdict.NotProven => "red",
                _ => "darkorange",
            };
            var verdict = $"[{colour}]{Markup.Escape(result.VerdictLabel)}[/]";
            var first = true;
            foreach (var (threshold, measured, outcome) in ClaimIndex.Rows(result))
            {
                table.AddRow(
                    first ? Markup.Escape(result.Name) : "", Markup.Escape(threshold), Markup.Escape(measured),
                    Markup.Escape(outcome), first ? verdict : "");
                first = false;
            }

            if (first)
            {
                table.AddRow(Markup.Escape(result.Name), "", Markup.Escape(result.Error ?? ""), "", verdict);
            }
        }

        console.Write(table);
    }
}
