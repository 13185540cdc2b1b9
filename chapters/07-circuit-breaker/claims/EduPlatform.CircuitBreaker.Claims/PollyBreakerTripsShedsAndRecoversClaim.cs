using EduPlatform.CoursePage.Resilience;

namespace EduPlatform.CircuitBreaker.Claims;

/// <summary><see cref="BreakerTripsShedsAndRecovers"/> with Polly's breaker in the pipeline: the demo's default.</summary>
public sealed class PollyBreakerTripsShedsAndRecoversClaim : BreakerTripsShedsAndRecovers
{
    public override string Name => "07-trip-shed-recover";

    protected override CircuitBreakerImplementation Breaker => CircuitBreakerImplementation.Polly;

    protected override string BreakerName => "Polly's breaker";
}
