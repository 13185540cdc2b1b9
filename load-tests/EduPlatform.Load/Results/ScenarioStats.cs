namespace EduPlatform.Load;

/// <summary>
/// What a scenario measured: whole iterations (ok and fail apart), each step, the schedule and
/// availability. Lambda thresholds receive this, for the whole run or for one window.
/// </summary>
public sealed record ScenarioStats
{
    public string Name { get; init; } = "";

    public double DurationSeconds { get; init; }

    public MeasureStats Ok { get; init; } = new();

    public MeasureStats Fail { get; init; } = new();

    public IReadOnlyDictionary<string, long> StatusCodes { get; init; } = new Dictionary<string, long>();

    public IReadOnlyList<StepStats> Steps { get; init; } = [];

    public ScheduleStats Schedule { get; init; } = new();

    public AvailabilityEstimate Availability { get; init; } = new();

    public long AllCount => Ok.Count + Fail.Count;

    public double FailRate => AllCount == 0 ? 0 : (double)Fail.Count / AllCount;

    public StepStats Step(string name) =>
        Steps.FirstOrDefault(s => s.Name == name)
        ?? throw new KeyNotFoundException($"scenario '{Name}' recorded no step named '{name}'");
}
