namespace EduPlatform.Load;

/// <summary>
/// How well the generator kept its schedule. Open model: every intended start is counted;
/// <see cref="Dropped"/> never started (the in-flight cap was reached), <see cref="Late"/>
/// started more than the late tolerance after its intended time (its latency still counts from
/// the intended time, so lateness shows up in the numbers instead of vanishing).
/// </summary>
public sealed record ScheduleStats
{
    /// <summary>"open", "closed" or "mixed".</summary>
    public string Model { get; init; } = "open";

    public long Intended { get; init; }

    public long Started { get; init; }

    public long Dropped { get; init; }

    public long Late { get; init; }

    public long Completed { get; init; }

    /// <summary>Intended starts per second of schedule (open model), 0 for a closed model.</summary>
    public double TargetRps { get; init; }

    /// <summary>Completed iterations per second of the measured run.</summary>
    public double AchievedRps { get; init; }

    public double DroppedRate => Intended == 0 ? 0 : (double)Dropped / Intended;

    public double LateRate => Started == 0 ? 0 : (double)Late / Started;

    public int PeakInFlight { get; init; }

    /// <summary>Actual start minus intended start (open model only).</summary>
    public LatencyStats SchedulingLag { get; init; } = LatencyStats.Empty;
}
