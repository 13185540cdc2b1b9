using EduPlatform.EventStore.Testing;
using EduPlatform.Load.Proving;

namespace EduPlatform.EventStore.Claims;

// Chapter 04's claims are correctness claims: each runs its workload (testing/EduPlatform.EventStore.Testing, the
// same code the chapter's tests run) under the load engine on a fresh EventStoreSystem, then checks the claim on
// what was stored. Their checks are enforced in quick mode too.
internal static class VerificationCheck
{
    /// <summary>The workload's verification as the claim's correctness check: its figures when it holds, its first violations when not.</summary>
    public static void Check(this ClaimContext context, ClaimVerification verification) =>
        context.Check(
            verification.Claim,
            verification.Holds,
            verification.Holds ? verification.FiguresLine : string.Join("; ", verification.Violations.Take(5)));
}
