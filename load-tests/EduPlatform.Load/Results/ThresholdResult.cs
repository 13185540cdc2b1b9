namespace EduPlatform.Load;

public enum ThresholdOutcome
{
    Passed,
    Failed,

    /// <summary>Not enough samples to judge (e.g. p99 from 200 requests): not a pass.</summary>
    Inconclusive,
}

/// <summary>One threshold's verdict and the value it was judged on.</summary>
public sealed record ThresholdResult
{
    public string Scenario { get; init; } = "";

    public string? Step { get; init; }

    public string Expression { get; init; } = "";

    /// <summary>"whole run" or the window length, e.g. "every 5s window".</summary>
    public string Scope { get; init; } = "whole run";

    public ThresholdOutcome Outcome { get; init; }

    public string Measured { get; init; } = "";

    public string? Note { get; init; }

    /// <summary>True when this threshold is a timing claim that quick mode reports but does not enforce.</summary>
    public bool Timing { get; init; } = true;

    /// <summary>True for the engine's own rules (e.g. dropped iterations at most 1%).</summary>
    public bool EngineRule { get; init; }

    public bool AbortedRun { get; init; }

    public bool Passed => Outcome == ThresholdOutcome.Passed;
}
