using System.Text.RegularExpressions;
using EduPlatform.Load;
using EduPlatform.Load.Proving;
using Spectre.Console;

namespace EduPlatform.Prove.Docs;

/// <summary>
/// <c>prove docs [--from REPORTS] [--check]</c>: fills the Markdown files' generated blocks (source snippets always;
/// claims figures from a full prove run's report folder with <c>--from</c>). <c>--check</c> writes nothing and exits 1
/// when a file would change: the test suite runs it, so a README that drifted from its source fails the build.
/// </summary>
public static partial class DocsCommand
{
    private static readonly string[] SourceFolders = ["chapters", "harness", "load-tests"];

    [GeneratedRegex(@"<!-- prove:claims (?<chapter>[0-9]{2}) -->", RegexOptions.CultureInvariant)]
    private static partial Regex ChapterMarker();

    public static int Run(string repositoryRoot, string? reportFolder, bool check, IReadOnlyList<IClaim> catalogue, IAnsiConsole console)
    {
        ArgumentNullException.ThrowIfNull(catalogue);
        ArgumentNullException.ThrowIfNull(console);
        var measured = reportFolder is null ? null : ClaimFigures.Read(reportFolder);
        var snippets = SourceSnippets.Find(SourceFolders.Select(d => Path.Combine(repositoryRoot, d)));
        var drifted = new List<string>();
        foreach (var file in MarkdownFiles(repositoryRoot))
        {
            var before = File.ReadAllText(file);
            var after = SourceSnippets.Fill(before, snippets, file);
            if (measured is not null)
            {
                after = FillFigures(after, measured, catalogue, Path.GetRelativePath(repositoryRoot, file), console);
            }

            if (after == before)
            {
                continue;
            }

            drifted.Add(Path.GetRelativePath(repositoryRoot, file));
            if (!check)
            {
                File.WriteAllText(file, after);
            }
        }

        foreach (var file in drifted)
        {
            console.MarkupLine(check ? $"[red]out of date:[/] {Markup.Escape(file)}" : $"[green]updated:[/] {Markup.Escape(file)}");
        }

        if (drifted.Count == 0)
        {
            console.MarkupLine("[green]every generated block is up to date[/]");
        }

        return check && drifted.Count > 0 ? ExitCodes.EngineError : ExitCodes.Passed;
    }

    private static string FillFigures(string markdown, IReadOnlyList<MeasuredClaim> measured, IReadOnlyList<IClaim> catalogue, string file, IAnsiConsole console)
    {
        foreach (var chapter in ChapterMarker().Matches(markdown).Select(m => m.Groups["chapter"].Value).Distinct())
        {
            var expected = catalogue.Where(c => c.Chapter == chapter).Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
            var ran = measured.Where(c => c.Chapter == chapter).Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
            if (ran.Count == 0)
            {
                continue;
            }

            if (!expected.IsSubsetOf(ran))
            {
                // A block shows a whole chapter measured in one run, or it keeps what it had.
                console.MarkupLine($"[yellow]{Markup.Escape(file)}: the run holds {ran.Count} of chapter {chapter}'s {expected.Count} claims; its block is left as it was[/]");
                continue;
            }

            markdown = MarkedBlock.Replace(markdown, $"prove:claims {chapter}", ClaimFigures.ChapterBlock(measured, chapter));
        }

        return MarkedBlock.Contains(markdown, "prove:index")
            ? MarkedBlock.Replace(markdown, "prove:index", ClaimFigures.IndexBlock(MarkedBlock.Read(markdown, "prove:index"), measured))
            : markdown;
    }

    private static IEnumerable<string> MarkdownFiles(string root) =>
        new[] { Path.Combine(root, "README.md"), Path.Combine(root, "chapters", "README.md"), Path.Combine(root, "load-tests", "README.md"), Path.Combine(root, "harness", "README.md") }
            .Concat(Directory.EnumerateDirectories(Path.Combine(root, "chapters")).Select(d => Path.Combine(d, "README.md")))
            .Where(File.Exists)
            .Order(StringComparer.Ordinal);
}
