namespace EduPlatform.EventStore.Testing;

/// <summary>
/// What a claim's verification found: the parts of the claim it saw broken (none: the claim holds)
/// and the figures it measured, reported either way.
/// </summary>
public sealed record ClaimVerification(string Claim, IReadOnlyList<string> Violations, IReadOnlyDictionary<string, double> Figures)
{
    public bool Holds => Violations.Count == 0;

    /// <summary>The figures as one line, e.g. "writers 50, conflicts 1,908".</summary>
    public string FiguresLine => string.Join(", ", Figures.Select(f => $"{f.Key} {f.Value:#,0.##}"));

    public override string ToString() =>
        $"{Claim}: {(Holds ? "holds" : "BROKEN")}; {FiguresLine}" +
        (Holds ? "" : Environment.NewLine + string.Join(Environment.NewLine, Violations.Take(20).Select(v => "  - " + v)));
}
