namespace EduPlatform.CoursePage.Resilience;

/// <summary>
/// Whose circuit breaker a dependency's pipeline uses (<c>Resilience:&lt;Dependency&gt;:CircuitBreaker:Implementation</c>).
/// Both sit at the same place in the pipeline, take the same thresholds and count the same outcomes as failures, so the
/// chapter's tests and claims hold the breaker a learner writes to exactly what they hold Polly's to.
/// </summary>
public enum CircuitBreakerImplementation
{
    /// <summary>Polly v8's breaker, through Microsoft.Extensions.Http.Resilience. The default.</summary>
    Polly,

    /// <summary>The chapter's own <c>EduPlatform.CircuitBreaker.CircuitBreaker</c> (src/EduPlatform.CircuitBreaker).</summary>
    Workbook,
}
