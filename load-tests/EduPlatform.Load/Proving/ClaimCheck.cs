namespace EduPlatform.Load.Proving;

/// <summary>
/// A check a claim made outside the thresholds. A correctness check ("no request lost") is enforced in every mode; a
/// timing check ("the breaker opened within 5 s", a ratio of two measured rates) is reported but not enforced by
/// <c>prove --quick</c>, whose runs are too short to judge it, exactly like a timing threshold.
/// </summary>
public sealed record ClaimCheck(string Name, bool Passed, string Measured, bool Timing = false);
