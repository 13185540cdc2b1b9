namespace EduPlatform.Load;

/// <summary>
/// One phase of a scenario's load. Phases run in order; a ramp starts from where the previous
/// phase left off (0 for the first). Each type names its k6 executor so k6 users can map them.
/// </summary>
public abstract record LoadSimulation
{
    private protected LoadSimulation()
    {
    }

    /// <summary>The closest k6 executor, for readers who know k6.</summary>
    public abstract string K6Executor { get; }

    /// <summary>True when iterations start on a clock (open model), false when a fixed set of copies loops (closed model).</summary>
    public abstract bool IsOpenModel { get; }

    public abstract string Describe();
}

/// <summary>Open model: <paramref name="Rate"/> iterations per <paramref name="Interval"/>, evenly spaced, for <paramref name="During"/>.</summary>
public sealed record InjectSimulation(int Rate, TimeSpan Interval, TimeSpan During, int MaxInFlight) : LoadSimulation
{
    public override string K6Executor => "constant-arrival-rate";

    public override bool IsOpenModel => true;

    public override string Describe() => $"Inject {Rate}/{Interval.TotalSeconds:0.###}s for {During.TotalSeconds:0.###}s";
}

/// <summary>Open model: the arrival rate moves linearly from the previous phase's rate to <paramref name="Rate"/> over <paramref name="During"/>.</summary>
public sealed record RampingInjectSimulation(int Rate, TimeSpan Interval, TimeSpan During, int MaxInFlight) : LoadSimulation
{
    public override string K6Executor => "ramping-arrival-rate";

    public override bool IsOpenModel => true;

    public override string Describe() => $"RampingInject to {Rate}/{Interval.TotalSeconds:0.###}s over {During.TotalSeconds:0.###}s";
}

/// <summary>Closed model: <paramref name="Copies"/> copies loop back to back for <paramref name="During"/>.</summary>
public sealed record KeepConstantSimulation(int Copies, TimeSpan During) : LoadSimulation
{
    public override string K6Executor => "constant-vus";

    public override bool IsOpenModel => false;

    public override string Describe() => $"KeepConstant {Copies} copies for {During.TotalSeconds:0.###}s";
}

/// <summary>Closed model: the number of copies moves linearly from the previous phase's to <paramref name="Copies"/> over <paramref name="During"/>.</summary>
public sealed record RampingConstantSimulation(int Copies, TimeSpan During) : LoadSimulation
{
    public override string K6Executor => "ramping-vus";

    public override bool IsOpenModel => false;

    public override string Describe() => $"RampingConstant to {Copies} copies over {During.TotalSeconds:0.###}s";
}

/// <summary>Closed model: <paramref name="Copies"/> copies share <paramref name="Iterations"/> iterations, then the phase ends.</summary>
public sealed record IterationsForConstantSimulation(int Copies, int Iterations) : LoadSimulation
{
    public override string K6Executor => "shared-iterations";

    public override bool IsOpenModel => false;

    public override string Describe() => $"IterationsForConstant {Copies} copies, {Iterations} iterations";
}

/// <summary>Open model: <paramref name="Iterations"/> iterations at <paramref name="Rate"/> per <paramref name="Interval"/>, then the phase ends.</summary>
public sealed record IterationsForInjectSimulation(int Rate, TimeSpan Interval, int Iterations, int MaxInFlight) : LoadSimulation
{
    // k6 has no executor that stops an arrival rate after N iterations; this is the nearest.
    public override string K6Executor => "constant-arrival-rate (stopped after N iterations)";

    public override bool IsOpenModel => true;

    public override string Describe() => $"IterationsForInject {Rate}/{Interval.TotalSeconds:0.###}s, {Iterations} iterations";
}

/// <summary>Nothing runs for <paramref name="During"/> (closed copies stop; open arrivals pause).</summary>
public sealed record PauseSimulation(TimeSpan During) : LoadSimulation
{
    // k6 expresses a pause as a stage with target 0 or a gap in a later scenario's startTime.
    public override string K6Executor => "stage with target 0 / startTime gap";

    public override bool IsOpenModel => false;

    public override string Describe() => $"Pause {During.TotalSeconds:0.###}s";
}
