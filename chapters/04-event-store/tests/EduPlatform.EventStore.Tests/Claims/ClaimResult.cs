namespace EduPlatform.EventStore.Tests.Claims;

/// <summary>
/// What a claim scenario measured and which parts of the claim it saw broken. A claim holds when
/// <see cref="Violations"/> is empty; <see cref="Figures"/> are reported either way.
/// </summary>
public sealed record ClaimResult(string Claim, IReadOnlyList<string> Violations, IReadOnlyDictionary<string, double> Figures)
{
    public bool Holds => Violations.Count == 0;

    public override string ToString() =>
        $"{Claim}: {(Holds ? "holds" : "BROKEN")}; " +
        string.Join(", ", Figures.Select(f => $"{f.Key} {f.Value:0.##}")) +
        (Holds ? "" : Environment.NewLine + string.Join(Environment.NewLine, Violations.Take(20).Select(v => "  - " + v)));
}
