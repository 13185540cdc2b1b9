namespace EduPlatform.Load;

/// <summary>A once-a-second snapshot for live progress displays.</summary>
public sealed record RunProgress(double ElapsedSeconds, double ProcessCpuPercent, IReadOnlyList<ScenarioProgress> Scenarios);

public sealed record ScenarioProgress(
    string Name, double NominalSeconds, IntervalStats LastSecond, long Ok, long Fail, long Dropped);
