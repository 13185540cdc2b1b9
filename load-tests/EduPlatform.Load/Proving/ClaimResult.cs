namespace EduPlatform.Load.Proving;

/// <summary>What proving one claim produced: its main run, its optional contrast run, its checks and the verdict.</summary>
public sealed record ClaimResult
{
    public required string Name { get; init; }

    public required string Chapter { get; init; }

    public required string Statement { get; init; }

    public bool Quick { get; init; }

    public RunResult? Run { get; init; }

    public RunResult? Contrast { get; init; }

    public IReadOnlyList<ClaimCheck> Checks { get; init; } = [];

    public ClaimVerdict Verdict { get; init; }

    public string? Error { get; init; }

    /// <summary>The claim's report folder (of the deciding trial), relative to the prove run's folder.</summary>
    public string ReportFolder { get; init; } = "";

    /// <summary>Every trial the claim took (one unless a run was in doubt: <see cref="ClaimTrials"/>).</summary>
    public IReadOnlyList<ClaimTrial> Trials { get; init; } = [];

    /// <summary>The trial whose verdict and figures these are (1-based).</summary>
    public int DecidingTrial { get; init; } = 1;

    /// <summary>The verdict in words; a generator-bound run says so, since its latencies may describe the generator.</summary>
    public string VerdictLabel => (Verdict switch
    {
        ClaimVerdict.Proven => "proven",
        ClaimVerdict.RanQuick => "ran (quick)",
        ClaimVerdict.NotProven => "NOT PROVEN",
        _ => "ERROR",
    }) + (Run?.Generator.GeneratorBound == true ? " (generator-bound)" : "");

    /// <summary>Whether a threshold counts towards the verdict: in quick mode timing thresholds are reported only.</summary>
    public bool Enforces(ThresholdResult threshold)
    {
        ArgumentNullException.ThrowIfNull(threshold);
        return !Quick || !threshold.Timing;
    }

    /// <summary>Whether a check counts towards the verdict: in quick mode timing checks are reported only.</summary>
    public bool Enforces(ClaimCheck check)
    {
        ArgumentNullException.ThrowIfNull(check);
        return !Quick || !check.Timing;
    }

    internal static ClaimVerdict Judge(bool quick, RunResult? run, IReadOnlyList<ClaimCheck> checks, string? error)
    {
        if (error is not null || run is null || run.EngineError is not null)
        {
            return ClaimVerdict.Error;
        }

        var thresholdsHold = run.Thresholds.Where(t => !quick || !t.Timing).All(t => t.Passed);
        var checksHold = checks.Where(c => !quick || !c.Timing).All(c => c.Passed);
        if (!thresholdsHold || !checksHold)
        {
            return ClaimVerdict.NotProven;
        }

        return quick ? ClaimVerdict.RanQuick : ClaimVerdict.Proven;
    }
}
