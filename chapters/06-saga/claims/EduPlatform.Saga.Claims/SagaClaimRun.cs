using EduPlatform.Harness.Infrastructure;
using EduPlatform.Load;
using EduPlatform.Load.Proving;
using EduPlatform.Saga.Testing;

namespace EduPlatform.Saga.Claims;

/// <summary>
/// What the chapter's claims share: one workbook infrastructure for the whole prove process (a RabbitMQ start costs
/// seconds; claims run one after the other, so the one that restarts the broker disturbs no other), the enrollment
/// load, and the audit turned into checks.
/// </summary>
internal static class SagaClaimRun
{
    private static readonly Lazy<WorkbookInfrastructure> Shared = new(() =>
    {
        var infrastructure = new WorkbookInfrastructure();
        // Native servers are reaped when this process dies anyway; this stops them when it ends normally.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => infrastructure.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return infrastructure;
    });

    public static IInfrastructure Infrastructure => Shared.Value;

    /// <summary>An open-model load of enrollments at <paramref name="rate"/> per second for <paramref name="duration"/>.</summary>
    public static ScenarioProps Enrollments(EnrollmentWorkload workload, int rate, TimeSpan duration) =>
        Scenario.Create("enroll", async step =>
            {
                await workload.SendAsync(step.InvocationNumber, step.CancellationToken);
                return Response.Ok(statusCode: "202");
            })
            .WithoutWarmUp() // every saga counts: the audit covers all that were sent
            .WithLoadSimulations(Simulation.Inject(rate, TimeSpan.FromSeconds(1), duration))
            .WithThresholds(Threshold.Parse("rate==0"));

    /// <summary>Waits until every saga sent has ended (or <paramref name="within"/> passed), then audits them.</summary>
    public static async Task<SagaAudit> SettleAndAuditAsync(SagaSystem system, EnrollmentWorkload workload, TimeSpan within, CancellationToken cancellationToken)
    {
        await system.WaitUntilAllEndedAsync(workload.Ids, within, cancellationToken);
        return await system.AuditAsync(workload.Ids, cancellationToken);
    }

    /// <summary>The saga's invariants, one check each, with the figures measured.</summary>
    public static void CheckInvariants(ClaimContext context, SagaAudit audit)
    {
        context.Check("every saga ended (Completed, Compensated or NeedsAttention): 0 orphans", audit.Orphans == 0, audit.FiguresLine);
        context.Check("charges - refunds = enrolled", audit.Charges - audit.Refunds == audit.Enrolled,
            $"{audit.Charges} - {audit.Refunds} = {audit.Charges - audit.Refunds}, enrolled {audit.Enrolled}");
        context.Check("seats reserved = enrolled", audit.SeatsHeld == audit.Enrolled, $"{audit.SeatsHeld} held, enrolled {audit.Enrolled}");
        context.Check("no side effect happened twice", audit.DuplicateSideEffects == 0, $"{audit.DuplicateSideEffects} duplicates");
        context.Check("no charge without enrollment", audit.ChargesWithoutEnrollment == 0, $"{audit.ChargesWithoutEnrollment}");
    }

    public static void MarkQuietly(ClaimContext context, string name)
    {
        try
        {
            context.MarkEvent(name);
        }
        catch (InvalidOperationException)
        {
            // the load run had already ended: the event still happened, only the chart misses it
        }
    }
}
