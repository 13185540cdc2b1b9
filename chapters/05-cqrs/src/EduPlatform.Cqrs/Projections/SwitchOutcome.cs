namespace EduPlatform.Cqrs.Projections;

/// <summary>What one switch attempt did.</summary>
/// <param name="Switched">The views point at the target now.</param>
/// <param name="BehindBy">When not switched: how many positions the target is behind the active generation.</param>
public sealed record SwitchOutcome(bool Switched, int Active, long BehindBy);
