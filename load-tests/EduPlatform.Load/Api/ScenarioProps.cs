namespace EduPlatform.Load;

/// <summary>
/// A scenario's definition: what one iteration does, its load simulations, warm-up, init/clean
/// and thresholds. Immutable: each <c>With...</c> returns a changed copy.
/// </summary>
public sealed record ScenarioProps
{
    /// <summary>How late an open-model iteration may start before it counts as late.</summary>
    public static readonly TimeSpan DefaultLateTolerance = TimeSpan.FromMilliseconds(10);

    internal ScenarioProps(string name, Func<ScenarioContext, Task<Response>> run)
    {
        Name = name;
        Run = run;
    }

    public string Name { get; }

    internal Func<ScenarioContext, Task<Response>> Run { get; }

    public IReadOnlyList<LoadSimulation> LoadSimulations { get; private init; } = [];

    /// <summary>The first part of the load profile run before measuring; its samples are discarded. Default: none.</summary>
    public TimeSpan WarmUpDuration { get; private init; } = TimeSpan.Zero;

    public Func<ScenarioInitContext, Task>? Init { get; private init; }

    public Func<ScenarioInitContext, Task>? Clean { get; private init; }

    public IReadOnlyList<Threshold> Thresholds { get; private init; } = [];

    public TimeSpan LateTolerance { get; private init; } = DefaultLateTolerance;

    public ScenarioProps WithLoadSimulations(params LoadSimulation[] simulations)
    {
        ArgumentNullException.ThrowIfNull(simulations);
        if (simulations.Length == 0)
        {
            throw new ArgumentException("a scenario needs at least one load simulation", nameof(simulations));
        }

        return this with { LoadSimulations = simulations.ToArray() };
    }

    public ScenarioProps WithWarmUpDuration(TimeSpan duration)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(duration, TimeSpan.Zero);
        return this with { WarmUpDuration = duration };
    }

    public ScenarioProps WithoutWarmUp() => this with { WarmUpDuration = TimeSpan.Zero };

    /// <summary>Runs once before warm-up (open connections, seed data). If it throws, the run is an engine error.</summary>
    public ScenarioProps WithInit(Func<ScenarioInitContext, Task> init) => this with { Init = init };

    /// <summary>Runs once after the run, even when it failed or was aborted.</summary>
    public ScenarioProps WithClean(Func<ScenarioInitContext, Task> clean) => this with { Clean = clean };

    public ScenarioProps WithThresholds(params Threshold[] thresholds)
    {
        ArgumentNullException.ThrowIfNull(thresholds);
        return this with { Thresholds = [.. Thresholds, .. thresholds] };
    }

    public ScenarioProps WithLateTolerance(TimeSpan tolerance)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(tolerance, TimeSpan.Zero);
        return this with { LateTolerance = tolerance };
    }
}
