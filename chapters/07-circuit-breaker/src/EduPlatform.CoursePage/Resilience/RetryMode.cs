namespace EduPlatform.CoursePage.Resilience;

/// <summary>How a dependency's failed calls are retried (<c>Resilience:&lt;Dependency&gt;:Retry:Mode</c>).</summary>
public enum RetryMode
{
    /// <summary>No retries: one attempt per call.</summary>
    None,

    /// <summary>
    /// What gets written first: retry at once, the same number of times, ignoring <c>Retry-After</c>. Kept for
    /// contrast runs: with a struggling dependency it multiplies the load by up to (1 + MaxRetryAttempts).
    /// </summary>
    Naive,

    /// <summary>Exponential backoff with jitter, honouring <c>Retry-After</c>. The default.</summary>
    BackoffWithJitter,
}
