using EduPlatform.Load.Stats;
using HdrHistogram;

namespace EduPlatform.Load.Scheduling;

/// <summary>
/// Everything one scenario measured over a span (a second, a window, the run): iterations, steps,
/// schedule counters, scheduling lag. Spans add exactly, because histograms merge exactly.
/// </summary>
internal sealed class ScenarioSample
{
    public StepSample Iterations { get; } = new();

    public Dictionary<string, StepSample> Steps { get; } = new(StringComparer.Ordinal);

    public HistogramBase SchedulingLag { get; } = LatencyRecorder.CreateEmpty();

    public long Intended { get; set; }

    public long Started { get; set; }

    public long Dropped { get; set; }

    public long Late { get; set; }

    public long Completed { get; set; }

    public int PeakInFlight { get; set; }

    public void Add(ScenarioSample other)
    {
        Iterations.Add(other.Iterations);
        foreach (var (name, step) in other.Steps)
        {
            if (!Steps.TryGetValue(name, out var mine))
            {
                Steps[name] = mine = new StepSample();
            }

            mine.Add(step);
        }

        SchedulingLag.Add(other.SchedulingLag);
        Intended += other.Intended;
        Started += other.Started;
        Dropped += other.Dropped;
        Late += other.Late;
        Completed += other.Completed;
        PeakInFlight = Math.Max(PeakInFlight, other.PeakInFlight);
    }

    public ScenarioStats ToStats(string name, double durationSeconds, string model, double targetRps)
    {
        var iterations = StepStats.From(name, Iterations, durationSeconds);
        return new ScenarioStats
        {
            Name = name,
            DurationSeconds = durationSeconds,
            Ok = iterations.Ok,
            Fail = iterations.Fail,
            StatusCodes = iterations.StatusCodes,
            Steps = Steps.OrderBy(s => s.Key, StringComparer.Ordinal)
                .Select(s => StepStats.From(s.Key, s.Value, durationSeconds))
                .ToArray(),
            Schedule = new ScheduleStats
            {
                Model = model,
                Intended = Intended,
                Started = Started,
                Dropped = Dropped,
                Late = Late,
                Completed = Completed,
                TargetRps = targetRps,
                AchievedRps = durationSeconds > 0 ? Completed / durationSeconds : 0,
                PeakInFlight = PeakInFlight,
                SchedulingLag = LatencyStats.From(SchedulingLag),
            },
            Availability = AvailabilityEstimate.From(iterations.AllCount, iterations.Fail.Count),
        };
    }
}
