namespace EduPlatform.Cqrs.Testing.Verification;

/// <summary>
/// What a verification found: the parts of the invariant it saw broken (none: it holds) and the figures it measured,
/// reported either way. Tests assert <see cref="Holds"/> (printing <see cref="ToString"/> on failure); claims turn it
/// into a check.
/// </summary>
public sealed record Verification(string Invariant, IReadOnlyList<string> Violations, IReadOnlyDictionary<string, double> Figures)
{
    public bool Holds => Violations.Count == 0;

    /// <summary>The figures as one line: "events 200,000, projections 2".</summary>
    public string FiguresLine => string.Join(", ", Figures.Select(f => $"{f.Key} {f.Value:#,0.##}"));

    /// <summary>What a claim's check reports: the figures when it holds, the first violations when not.</summary>
    public string Measured => Holds ? FiguresLine : string.Join("; ", Violations.Take(5)) + $" ({Violations.Count} violations; {FiguresLine})";

    public override string ToString() =>
        $"{Invariant}: {(Holds ? "holds" : "BROKEN")}; {FiguresLine}" +
        (Holds ? "" : Environment.NewLine + string.Join(Environment.NewLine, Violations.Take(20).Select(v => "  - " + v)));
}
