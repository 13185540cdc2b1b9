using EduPlatform.Cqrs.Testing;
using EduPlatform.Cqrs.Testing.Verification;
using EduPlatform.Harness.Infrastructure;
using EduPlatform.Load.Proving;

namespace EduPlatform.Cqrs.Claims;

/// <summary>
/// The chapter's system for one claim, started the way the tests start it: a database and a Redis database of its
/// own, on one PostgreSQL and one Redis shared by the chapter's claims (as a test assembly shares them): starting the
/// servers once instead of six times keeps `prove --quick` short. The servers stop when the process exits.
/// </summary>
internal sealed class ClaimSystem : IAsyncDisposable
{
    private static readonly Lazy<WorkbookInfrastructure> Infrastructure = new(() =>
    {
        var infrastructure = new WorkbookInfrastructure();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => infrastructure.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return infrastructure;
    });

    private ClaimSystem(CqrsSystem system) => System = system;

    public CqrsSystem System { get; }

    public static async Task<ClaimSystem> StartAsync(CqrsSettings settings, CancellationToken cancellationToken) =>
        new(await CqrsSystem.StartAsync(Infrastructure.Value, settings, cancellationToken));

    public ValueTask DisposeAsync() => System.DisposeAsync();
}

internal static class VerificationChecks
{
    /// <summary>A verification as a correctness check: enforced in quick mode too.</summary>
    public static void Check(this ClaimContext context, Verification verification) =>
        context.Check(verification.Invariant, verification.Holds, verification.Measured);
}
