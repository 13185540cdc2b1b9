namespace EduPlatform.Load;

/// <summary>A scenario's final statistics, its per-second intervals and what the engine warns about it.</summary>
public sealed record ScenarioResult
{
    public ScenarioStats Stats { get; init; } = new();

    /// <summary>Each load simulation as run, with its k6 executor name.</summary>
    public IReadOnlyList<SimulationDescription> Simulations { get; init; } = [];

    public IReadOnlyList<IntervalStats> Intervals { get; init; } = [];

    public IReadOnlyList<string> Warnings { get; init; } = [];
}

public sealed record SimulationDescription(string Description, string K6Executor, bool OpenModel);
