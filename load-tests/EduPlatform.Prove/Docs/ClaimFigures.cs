using System.Globalization;
using System.Text;
using System.Text.Json;
using EduPlatform.Load.Proving;
using EduPlatform.Load.Reports;

namespace EduPlatform.Prove.Docs;

/// <summary>
/// A full prove run's figures as the READMEs show them: each chapter's block (<c>&lt;!-- prove:claims NN --&gt;</c> in its
/// README: every claim's thresholds and checks with what was measured) and the claims index
/// (<c>&lt;!-- prove:index --&gt;</c> in chapters/README.md: one row per claim). Read from the run's index.json, so the
/// figures in the docs are the figures a run printed, never retyped.
/// </summary>
public static class ClaimFigures
{
    public static IReadOnlyList<MeasuredClaim> Read(string reportFolder)
    {
        var path = Path.Combine(reportFolder, ClaimIndex.JsonFile);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path} does not exist: --from takes a prove run's report folder (load-tests/reports/<timestamp>)", path);
        }

        var claims = JsonSerializer.Deserialize<MeasuredClaim[]>(File.ReadAllText(path), JsonReport.Options)
                     ?? throw new InvalidDataException($"{path} holds no claims");
        if (claims.Any(c => c.Quick))
        {
            throw new InvalidOperationException(
                $"{path} is a quick run: its timing figures are smoke, not measurements; run prove without --quick and generate from that run");
        }

        return claims;
    }

    /// <summary>The chapter README block for <paramref name="chapter"/>'s claims.</summary>
    public static string ChapterBlock(IReadOnlyList<MeasuredClaim> claims, string chapter)
    {
        ArgumentNullException.ThrowIfNull(claims);
        var mine = claims.Where(c => c.Chapter == chapter).ToArray();
        var md = new StringBuilder();
        md.Append(CultureInfo.InvariantCulture, $"Last measured by `eng/prove.sh --chapter {chapter}` {Measured(mine)}:\n\n");
        md.Append("| claim | verdict | threshold or check | measured | result |\n|---|---|---|---|---|\n");
        foreach (var claim in mine)
        {
            var first = true;
            foreach (var figure in claim.Figures)
            {
                md.Append(CultureInfo.InvariantCulture,
                    $"| {(first ? $"`{claim.Name}`" : "")} | {(first ? Verdict(claim) : "")} | {Cell(figure.Threshold)} | {Cell(figure.Measured)} | {Cell(figure.Outcome)} |\n");
                first = false;
            }
        }

        return md.ToString();
    }

    /// <summary>The index block: the rows already there for chapters not in this run, and this run's rows for the others.</summary>
    public static string IndexBlock(string existingBlock, IReadOnlyList<MeasuredClaim> claims)
    {
        ArgumentNullException.ThrowIfNull(existingBlock);
        ArgumentNullException.ThrowIfNull(claims);
        var measuredChapters = claims.Select(c => c.Chapter).ToHashSet(StringComparer.Ordinal);
        var kept = existingBlock.Split('\n')
            .Where(line => line.StartsWith("| ", StringComparison.Ordinal) && !line.StartsWith("| chapter ", StringComparison.Ordinal))
            .Where(line => !measuredChapters.Contains(line.Split('|', StringSplitOptions.TrimEntries)[1]));
        var generated = claims.Select(c =>
            $"| {c.Chapter} | `{c.Name}` | {Cell(c.Statement)} | {Verdict(c)}: {Cell(KeyFigures(c))} ({Measured([c])}) |");
        var rows = kept.Concat(generated).OrderBy(r => r, StringComparer.Ordinal);
        return "| chapter | claim | statement | last measured |\n| --- | --- | --- | --- |\n" + string.Join('\n', rows) + "\n";
    }

    private static string Verdict(MeasuredClaim claim) =>
        claim.Trials.Count > 1 ? $"{claim.Verdict} (trial {claim.DecidingTrial} of {claim.Trials.Count})" : claim.Verdict;

    private static string KeyFigures(MeasuredClaim claim) =>
        string.Join("; ", claim.Figures.Select(f => $"{f.Threshold} → {f.Measured}"));

    private static string Measured(IReadOnlyList<MeasuredClaim> claims)
    {
        var at = claims.Select(c => c.MeasuredAtUtc).OfType<DateTimeOffset>().DefaultIfEmpty().Max();
        var cores = claims.Select(c => c.Cores ?? 0).DefaultIfEmpty(0).Max();
        return string.Create(CultureInfo.InvariantCulture, $"on {at:yyyy-MM-dd}, {cores} cores");
    }

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}

/// <summary>One claim of a prove run's index.json.</summary>
public sealed record MeasuredClaim
{
    public string Name { get; init; } = "";

    public string Chapter { get; init; } = "";

    public string Statement { get; init; } = "";

    public bool Quick { get; init; }

    public string Verdict { get; init; } = "";

    public IReadOnlyList<MeasuredFigure> Figures { get; init; } = [];

    public DateTimeOffset? MeasuredAtUtc { get; init; }

    public int? Cores { get; init; }

    public IReadOnlyList<MeasuredTrial> Trials { get; init; } = [];

    public int DecidingTrial { get; init; } = 1;
}

public sealed record MeasuredFigure(string Threshold, string Measured, string Outcome);

public sealed record MeasuredTrial(int Number, string Verdict, string? Doubt, string Report);
