namespace EduPlatform.Load;

/// <summary>
/// What is done to the system during a run, and when: "at 10 s kill courses-2", "at 20 s the dependency recovers".
/// Offsets count from the measured run's start (after warm-up), on the engine's monotonic clock. Each fault's action runs
/// at its offset and the fault is marked on the report's timeline once the action has returned, so the red line is
/// where the fault had happened, not where it was asked for. A planned fault the run ends before reaching, or whose
/// action throws, makes the run an engine error: a claim is never judged on a run that silently missed its fault.
/// Immutable: <see cref="At"/> and <see cref="Mark"/> return a changed copy.
/// </summary>
public sealed class FaultPlan
{
    private FaultPlan(IReadOnlyList<PlannedFault> faults) => Faults = faults;

    public static FaultPlan None { get; } = new([]);

    /// <summary>The planned faults, in the order they happen.</summary>
    public IReadOnlyList<PlannedFault> Faults { get; }

    /// <summary>Runs <paramref name="act"/> at <paramref name="offset"/> from the run's start, then marks <paramref name="name"/>.</summary>
    public FaultPlan At(TimeSpan offset, string name, Func<CancellationToken, Task> act)
    {
        ArgumentNullException.ThrowIfNull(act);
        return Add(new PlannedFault(offset, name, act));
    }

    /// <summary>Marks <paramref name="name"/> at <paramref name="offset"/>: a fault something else drives (a stub's own timeline).</summary>
    public FaultPlan Mark(TimeSpan offset, string name) => Add(new PlannedFault(offset, name, Act: null));

    private FaultPlan Add(PlannedFault fault)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(fault.Name);
        ArgumentOutOfRangeException.ThrowIfLessThan(fault.Offset, TimeSpan.Zero);
        return new FaultPlan([.. Faults.Append(fault).OrderBy(f => f.Offset)]);
    }
}

/// <summary>One fault of a <see cref="FaultPlan"/>: its offset from the run's start, its name on the timeline, and what it does (if anything).</summary>
public sealed record PlannedFault(TimeSpan Offset, string Name, Func<CancellationToken, Task>? Act);
