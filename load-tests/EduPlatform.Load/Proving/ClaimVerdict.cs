namespace EduPlatform.Load.Proving;

public enum ClaimVerdict
{
    /// <summary>Every threshold and check passed on a full run.</summary>
    Proven,

    /// <summary>Quick mode: it ran and reported, correctness checks passed; timing was not enforced.</summary>
    RanQuick,

    /// <summary>A threshold (full run) or a correctness check failed, or a threshold could not be judged.</summary>
    NotProven,

    /// <summary>The claim or the engine threw: nothing was measured that can be trusted.</summary>
    Error,
}
