namespace EduPlatform.LoadTests.Proving;

/// <summary>A correctness check a claim made outside the thresholds ("no request lost"); enforced even in quick mode.</summary>
public sealed record ClaimCheck(string Name, bool Passed, string Measured);
