using EduPlatform.Load.Proving;
using EduPlatform.Saga.Running;
using EduPlatform.Saga.Testing;
using static EduPlatform.Saga.Messaging.MessageTypes;

namespace EduPlatform.Saga.Claims;

/// <summary>
/// Every saga ends, whatever dies on the way: the orchestrator and every participant killed before and after each of
/// its side effects, and (full run) one RabbitMQ restart in the middle of the load.
/// </summary>
public sealed class EverySagaEndsClaim : IClaim
{
    private static readonly TimeSpan EndsWithin = TimeSpan.FromSeconds(30);

    public string Name => "06-every-saga-ends";

    public string Chapter => "06";

    public string Statement =>
        "1,000 orchestrated enrollments while the orchestrator and each participant are killed before and after each of their side "
        + "effects, and RabbitMQ is restarted once: every saga ends Completed, Compensated or NeedsAttention within 30 s; 0 orphans; "
        + "charges - refunds = enrolled students; seats reserved = enrolled.";

    public async Task<ClaimResult> RunAsync(ClaimContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var settings = new SagaSettings
        {
            Style = SagaStyle.Orchestration,
            StepTimeout = TimeSpan.FromSeconds(5),
            Courses = EnrollmentWorkload.Courses(smallSeats: 20),
            // The full run kills real processes (SIGKILL); the quick one crashes services in process (the same effect
            // on the broker: a dropped connection, nothing more acknowledged), which starts in a second, not in ten.
            Hosting = context.Quick ? SagaHosting.InProcess : SagaHosting.ProcessPerService,
            KillAt = KillPoints(every: 41),
        };
        if (context.Quick)
        {
            foreach (var (service, type) in SideEffects)
            {
                settings.Faults.Add(new FaultRule(service, FaultPoint.BeforeSideEffect, type, FaultAction.Crash));
                settings.Faults.Add(new FaultRule(service, FaultPoint.AfterSideEffect, type, FaultAction.Crash));
            }
        }

        await using var system = await SagaSystem.StartAsync(SagaClaimRun.Infrastructure, settings, context.CancellationToken);
        var workload = new EnrollmentWorkload(system);
        var duration = context.Duration(TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(3));
        var load = context.RunAsync(SagaClaimRun.Enrollments(workload, rate: context.Pick(50, 20), duration));
        if (!context.Quick)
        {
            await Task.Delay(duration / 2, context.CancellationToken);
            SagaClaimRun.MarkQuietly(context, "RabbitMQ restart");
            await system.RestartBrokerAsync(TimeSpan.FromSeconds(1), context.CancellationToken);
        }

        await load;
        var audit = await SagaClaimRun.SettleAndAuditAsync(system, workload, EndsWithin + TimeSpan.FromSeconds(30), context.CancellationToken);

        SagaClaimRun.CheckInvariants(context, audit);
        var times = await SagaVerification.CompletionTimesAsync(system.Database, SagaStyle.Orchestration, workload.Ids, context.CancellationToken);
        var slowest = times.Count == 0 ? TimeSpan.Zero : times.Max();
        context.Check("each saga ended within 30 s of its start", times.Count == workload.Ids.Count && slowest <= EndsWithin,
            $"{times.Count} of {workload.Ids.Count} ended; slowest {slowest.TotalSeconds:0.0} s");
        var kills = context.Quick ? settings.Faults.Struck : system.Restarts;
        context.Check("the kills happened", kills > 0, $"{kills} {(context.Quick ? "in-process crashes" : "SIGKILLed processes restarted")}");
        return context.Complete();
    }

    /// <summary>Every side effect of every service, and the orchestrator's own state changes.</summary>
    private static readonly (string Service, string Type)[] SideEffects =
    [
        ("seats", ReserveSeat), ("seats", ReleaseSeat), ("payments", ChargePayment), ("payments", RefundPayment),
        ("video", GrantVideoAccess), ("notifications", SendConfirmation),
        ("orchestrator", SeatReserved), ("orchestrator", PaymentCharged), ("orchestrator", PaymentDeclined),
        ("orchestrator", VideoAccessGranted), ("orchestrator", ConfirmationSent), ("orchestrator", SeatReleased),
    ];

    /// <summary>Per service, one SIGKILL before and one after each of its side effects, at the n-th such message.</summary>
    private static Dictionary<string, string> KillPoints(int every) =>
        SideEffects.GroupBy(effect => effect.Service).ToDictionary(
            group => group.Key,
            group => string.Join(';', group.SelectMany(effect => new[]
            {
                $"{effect.Service}:before:{effect.Type}:{every}",
                $"{effect.Service}:after:{effect.Type}:{every}",
            })));
}
