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
            var context = new ClaimContext(claim, quick, Path.Combine(reportRoot, claim.Name), console, cancellationToken);
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

            result = result with
            {
                Verdict = ClaimResult.Judge(quick, result.Run, result.Checks, result.Error),
                ReportFolder = claim.Name,
            };
            results.Add(result);
        }

        ClaimIndex.Write(reportRoot, results);
        WriteTable(results);
        console.MarkupLine($"[grey]index: {Markup.Escape(Path.GetFullPath(Path.Combine(reportRoot, ClaimIndex.HtmlFile)))}[/]");

        var exitCode = results.Any(r => r.Verdict == ClaimVerdict.Error) ? ExitCodes.EngineError
            : results.Any(r => r.Verdict == ClaimVerdict.NotProven) ? ExitCodes.ThresholdsFailed
            : ExitCodes.Passed;
        return (exitCode, results);
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
