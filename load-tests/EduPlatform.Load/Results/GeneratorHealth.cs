namespace EduPlatform.Load;

/// <summary>
/// Whether the load generator itself kept up. When <see cref="GeneratorBound"/> is true the
/// numbers may describe this process, not the system under test: read them with that warning.
/// </summary>
public sealed record GeneratorHealth
{
    public bool GeneratorBound { get; init; }

    public IReadOnlyList<string> Reasons { get; init; } = [];

    public int Cores { get; init; }

    public double ProcessCpuAvgPercent { get; init; }

    public double ProcessCpuMaxPercent { get; init; }

    /// <summary>Whole-machine CPU busy (Linux /proc/stat), or -1 where unavailable.</summary>
    public double MachineCpuAvgPercent { get; init; } = -1;

    public double SchedulingLagP99Ms { get; init; }

    public double SchedulingLagMaxMs { get; init; }

    public double LateToleranceMs { get; init; }

    public long GcCount { get; init; }
}
