using EduPlatform.Load.Proving;
using EduPlatform.Saga.Claims;

namespace EduPlatform.Saga.Tests.Claims;

/// <summary>
/// The chapter's claims, run as <c>prove --quick</c> runs them: short, every correctness check enforced (timing only
/// reported). A claim that no longer starts, or whose invariant no longer holds, fails the chapter's suite.
/// </summary>
public sealed class ChapterClaimsRunQuickTests
{
    [Fact(Timeout = 600_000)]
    public async Task Every_claim_of_the_chapter_runs_quick_with_its_checks_holding()
    {
        await QuickProof.EnsureEveryClaimRunsAsync(typeof(EverySagaEndsClaim).Assembly, TestContext.Current.CancellationToken);
    }
}
