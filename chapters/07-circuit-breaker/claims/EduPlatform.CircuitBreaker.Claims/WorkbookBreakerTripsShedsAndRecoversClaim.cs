using EduPlatform.CoursePage.Resilience;

namespace EduPlatform.CircuitBreaker.Claims;

/// <summary>
/// <see cref="BreakerTripsShedsAndRecovers"/> with the chapter's own breaker (src/EduPlatform.CircuitBreaker) in Polly's
/// place: the learner's breaker held to the same claim, load and thresholds as Polly's.
/// </summary>
public sealed class WorkbookBreakerTripsShedsAndRecoversClaim : BreakerTripsShedsAndRecovers
{
    public override string Name => "07-trip-shed-recover-workbook-breaker";

    protected override CircuitBreakerImplementation Breaker => CircuitBreakerImplementation.Workbook;

    protected override string BreakerName => "the workbook's breaker";
}
