using EduPlatform.Load.Proving;
using EduPlatform.Saga.Messaging;
using EduPlatform.Saga.Running;
using EduPlatform.Saga.Testing;

namespace EduPlatform.Saga.Claims;

/// <summary>Every message delivered twice (the copy late) and every batch shuffled: no side effect happens twice.</summary>
public sealed class DuplicatesAndReorderingHarmlessClaim : IClaim
{
    public string Name => "06-duplicates-and-reordering-harmless";

    public string Chapter => "06";

    public string Statement =>
        "Every message of the orchestrated enrollment delivered twice, the second copy a relay round later, and every batch "
        + "published in a shuffled order: 0 duplicate side effects (charges, refunds, seats, video grants, confirmations), and "
        + "every saga still ends with money and seats matching the enrolled students.";

    public async Task<ClaimResult> RunAsync(ClaimContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var settings = new SagaSettings
        {
            Style = SagaStyle.Orchestration,
            Chaos = DeliveryChaos.DuplicateAndShuffle,
            Courses = EnrollmentWorkload.Courses(smallSeats: 20),
        };
        await using var system = await SagaSystem.StartAsync(SagaClaimRun.Infrastructure, settings, context.CancellationToken);
        var workload = new EnrollmentWorkload(system);

        await context.RunAsync(SagaClaimRun.Enrollments(workload, context.Pick(50, 20), context.Duration(TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(3))));
        var audit = await SagaClaimRun.SettleAndAuditAsync(system, workload, TimeSpan.FromSeconds(60), context.CancellationToken);

        SagaClaimRun.CheckInvariants(context, audit);
        var duplicatesDelivered = await DuplicatesSkippedAsync(system, context.CancellationToken);
        context.Check("the duplicates were delivered, and the inboxes turned them away", duplicatesDelivered > 0,
            $"{duplicatesDelivered} deliveries of an already handled message id");
        return context.Complete();
    }

    /// <summary>A duplicate leaves no trace in an inbox (it is one row per id); the relay's doubling does in the outbox count.</summary>
    private static async Task<long> DuplicatesSkippedAsync(SagaSystem system, CancellationToken cancellationToken)
    {
        // Each outbox row was published twice; each inbox row is one handled message: the difference is what was skipped.
        await using var command = system.Database.CreateCommand("""
            SELECT (SELECT 2 * count(*) FROM (SELECT message_id FROM seats.outbox UNION ALL SELECT message_id FROM payments.outbox
                    UNION ALL SELECT message_id FROM video.outbox UNION ALL SELECT message_id FROM notifications.outbox
                    UNION ALL SELECT message_id FROM orchestrator.outbox) published)
                 - (SELECT count(*) FROM (SELECT message_id FROM seats.inbox UNION ALL SELECT message_id FROM payments.inbox
                    UNION ALL SELECT message_id FROM video.inbox UNION ALL SELECT message_id FROM notifications.inbox
                    UNION ALL SELECT message_id FROM orchestrator.inbox) handled)
            """);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }
}
