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
        "Orchestrated enrollments with a 2 s step timeout that is never cancelled: once every timeout still armed when its saga "
        + "ended has fired and arrived, 0 sagas are changed by a timeout after they ended.";

    public async Task<ClaimResult> RunAsync(ClaimContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var settings = new SagaSettings { Style = SagaStyle.Orchestration, StepTimeout = StepTimeout, Courses = EnrollmentWorkload.Courses(smallSeats: 20) };
        await using var system = await SagaSystem.StartAsync(SagaClaimRun.Infrastructure, settings, context.CancellationToken);
        var workload = new EnrollmentWorkload(system);

        await context.RunAsync(SagaClaimRun.Enrollments(workload, context.Pick(50, 20), context.Duration(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(3))));
        await system.WaitUntilAllEndedAsync(workload.Ids, TimeSpan.FromSeconds(60), context.CancellationToken);
        // A timeout that fires while its saga runs is consumed by it; one still armed when the saga ended fires late.
        // Wait until none is left armed and every fired one has arrived at the orchestrator (or give up after a while).
        var deadline = DateTime.UtcNow + StepTimeout * 3 + TimeSpan.FromSeconds(20);
        while (await PendingTimeoutsAsync(system, context.CancellationToken) > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200, context.CancellationToken);
        }

        var pending = await PendingTimeoutsAsync(system, context.CancellationToken);
        var audit = await system.AuditAsync(workload.Ids, context.CancellationToken);
        context.Check("every saga ended", audit.Orphans == 0, audit.FiguresLine);
        context.Check("every timeout fired and arrived", pending == 0, $"{pending} timeouts still armed or in flight");
        context.Check("late timeouts arrived (there was something to ignore)", audit.LateTimeoutsIgnored > 0,
            $"{audit.LateTimeoutsIgnored} timeouts arrived after their saga ended, for {workload.Ids.Count} sagas");
        context.Check("0 sagas changed by a timeout after they ended", audit.LateTimeoutChanges == 0, $"{audit.LateTimeoutChanges}");
        return context.Complete();
    }

    /// <summary>Timeouts not fired yet, plus fired ones whose message the orchestrator has not handled yet.</summary>
    private static async Task<long> PendingTimeoutsAsync(SagaSystem system, CancellationToken cancellationToken)
    {
        await using var command = system.Database.CreateCommand("""
            SELECT (SELECT count(*) FROM orchestrator.timeouts WHERE fired_at IS NULL)
                 + (SELECT count(*) FROM orchestrator.outbox o WHERE o.type = 'EnrollmentTimedOut'
                    AND NOT EXISTS (SELECT 1 FROM orchestrator.inbox i WHERE i.message_id = o.message_id))
            """);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }
}
