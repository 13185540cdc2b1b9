namespace EduPlatform.Load.Proving;

/// <summary>What one run of a claim does: its scenarios, and the faults injected on its clock.</summary>
public sealed record RunPlan(IReadOnlyList<ScenarioProps> Scenarios, FaultPlan Faults)
{
    public RunPlan(params ScenarioProps[] scenarios)
        : this(scenarios, FaultPlan.None)
    {
    }
}

/// <summary>The two runs of a "with and without the pattern" claim: the main run (judged) and the contrast run (shown beside it).</summary>
public sealed record RunPair(RunResult WithPattern, RunResult WithoutPattern);
