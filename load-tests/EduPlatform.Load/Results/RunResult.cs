namespace EduPlatform.Load;

/// <summary>Everything one run measured, judged and warned about. Every report format is written from this.</summary>
public sealed record RunResult
{
    public string Name { get; init; } = "";

    public DateTimeOffset StartedAtUtc { get; init; }

    /// <summary>The measured duration (after warm-up) until the last iteration completed.</summary>
    public double DurationSeconds { get; init; }

    public double WarmUpSeconds { get; init; }

    public bool Aborted { get; init; }

    public string? AbortReason { get; init; }

    public IReadOnlyList<ScenarioResult> Scenarios { get; init; } = [];

    public IReadOnlyList<ThresholdResult> Thresholds { get; init; } = [];

    public IReadOnlyList<FaultEvent> Events { get; init; } = [];

    public GeneratorHealth Generator { get; init; } = new();

    public RunEnvironment Environment { get; init; } = new();

    /// <summary>Set when the engine itself failed (init threw, a report could not be written...).</summary>
    public string? EngineError { get; init; }

    public int ExitCode => EngineError is not null
        ? ExitCodes.EngineError
        : Thresholds.All(t => t.Passed) ? ExitCodes.Passed : ExitCodes.ThresholdsFailed;

    public ScenarioResult Scenario(string name) =>
        Scenarios.FirstOrDefault(s => s.Stats.Name == name)
        ?? throw new KeyNotFoundException($"the run has no scenario named '{name}'");
}

public sealed record RunEnvironment
{
    public string Machine { get; init; } = System.Environment.MachineName;

    public int Cores { get; init; } = System.Environment.ProcessorCount;

    public string Os { get; init; } = System.Runtime.InteropServices.RuntimeInformation.OSDescription;

    public string Runtime { get; init; } = System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription;
}
