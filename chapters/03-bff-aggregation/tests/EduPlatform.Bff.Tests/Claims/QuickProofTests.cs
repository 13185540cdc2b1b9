using EduPlatform.Bff.Claims;
using EduPlatform.Harness.Waiting;
using EduPlatform.Load.Proving;

namespace EduPlatform.Bff.Tests.Claims;

/// <summary>The chapter's claims, run as `prove --quick` runs them: one that no longer runs, or whose correctness no longer holds, fails the spec.</summary>
public sealed class QuickProofTests
{
    [Fact]
    public Task Every_claim_runs_quick_with_its_correctness_checks_holding() =>
        QuickProof.EnsureEveryClaimRunsAsync(typeof(LatencyIsMaxNotSumClaim).Assembly, CurrentTest.Cancellation);
}
