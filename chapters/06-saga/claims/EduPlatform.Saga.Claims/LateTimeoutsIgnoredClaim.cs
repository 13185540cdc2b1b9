using EduPlatform.Load.Proving;
using EduPlatform.Saga.Running;
using EduPlatform.Saga.Testing;

namespace EduPlatform.Saga.Claims;

/// <summary>The sagas' timeouts are never cancelled; every one that fires after its saga ended changes nothing.</summary>
public sealed class LateTimeoutsIgnoredClaim : IClaim
{
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(2);

    public string Name => "06-late-timeouts-ignored";

    public string Chapter => "06";

    public string Statement =>
        "Orchestrated enrollments with a 2 s step timeout that is never cancelled: every saga's last timeout fires after the saga "
        + "ended, and 0 sagas are changed by a timeout after they ended.";

    public async Task<ClaimResult> RunAsync(ClaimContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var settings = new SagaSettings { Style = SagaStyle.Orchestration, StepTimeout = StepTimeout, Courses = EnrollmentWorkload.Courses(smallSeats: 20) };
        await using var system = await SagaSystem.StartAsync(SagaClaimRun.Infrastructure, settings, context.CancellationToken);
        var workload = new EnrollmentWorkload(system);

        await context.RunAsync(SagaClaimRun.Enrollments(workload, context.Pick(50, 20), context.Duration(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(3))));
        await system.WaitUntilAllEndedAsync(workload.Ids, TimeSpan.FromSeconds(60), context.CancellationToken);
        // Every saga keeps one timeout row; wait until each has fired and its message arrived (or give up after a while).
        var deadline = DateTime.UtcNow + StepTimeout * 3 + TimeSpan.FromSeconds(10);
        SagaAudit audit;
        do
        {
            await Task.Delay(200, context.CancellationToken);
            audit = await system.AuditAsync(workload.Ids, context.CancellationToken);
        }
        while (audit.LateTimeoutsIgnored < workload.Ids.Count && DateTime.UtcNow < deadline);

        context.Check("every saga ended", audit.Orphans == 0, audit.FiguresLine);
        context.Check("every saga's last timeout arrived after it ended", audit.LateTimeoutsIgnored >= workload.Ids.Count,
            $"{audit.LateTimeoutsIgnored} late timeouts for {workload.Ids.Count} sagas");
        context.Check("0 sagas changed by a timeout after they ended", audit.LateTimeoutChanges == 0, $"{audit.LateTimeoutChanges}");
        return context.Complete();
    }
}
