namespace EduPlatform.Load;

/// <summary>Something done to the system during a run ("instance killed"), marked on every timeline.</summary>
public sealed record FaultEvent(double AtSeconds, string Name, string? Scenario);
