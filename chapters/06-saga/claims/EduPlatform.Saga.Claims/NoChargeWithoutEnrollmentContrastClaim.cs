using System.Collections.Concurrent;
using EduPlatform.Load;
using EduPlatform.Load.Proving;
using EduPlatform.Saga.Messaging;
using EduPlatform.Saga.Running;
using EduPlatform.Saga.Testing;
using static EduPlatform.Saga.Messaging.MessageTypes;

namespace EduPlatform.Saga.Claims;

/// <summary>
/// The contrast: the same flow as direct calls, killed at the same point, leaves students charged without enrollment;
/// the saga, killed there too, leaves none.
/// </summary>
public sealed class NoChargeWithoutEnrollmentContrastClaim : IClaim
{
    private const int KillEvery = 10;

    public string Name => "06-no-charge-without-enrollment";

    public string Chapter => "06";

    public string Statement =>
        "Killed right after the charge in 1 of 10 enrollments: the orchestrated saga leaves 0 charges without enrollment; the same "
        + "flow as direct calls without a saga (contrast) leaves one per kill.";

    public async Task<ClaimResult> RunAsync(ClaimContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var rate = context.Pick(50, 20);
        var duration = context.Duration(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(3));

        // With the saga: payments dies right after committing every 10th charge (before the broker hears of it).
        var settings = new SagaSettings { Style = SagaStyle.Orchestration, Courses = EnrollmentWorkload.Courses(smallSeats: 20) };
        var killed = new ConcurrentDictionary<Guid, bool>();
        settings.Faults.Add(new FaultRule("payments", FaultPoint.AfterSideEffect, ChargePayment, FaultAction.Crash, Times: int.MaxValue)
        {
            // The first delivery of every 10th student's charge: a kill is once, the redelivery then goes through.
            When = message => message.Enrollment.StudentId.EndsWith('0') && killed.TryAdd(message.Enrollment.EnrollmentId, true),
        });
        await using (var system = await SagaSystem.StartAsync(SagaClaimRun.Infrastructure, settings, context.CancellationToken))
        {
            var workload = new EnrollmentWorkload(system);
            await context.RunAsync(SagaClaimRun.Enrollments(workload, rate, duration));
            var audit = await SagaClaimRun.SettleAndAuditAsync(system, workload, TimeSpan.FromSeconds(60), context.CancellationToken);
            var orphanCharges = await SagaVerification.ChargesWithoutEnrollmentAsync(system.Database, workload.Ids, context.CancellationToken);
            context.Check("with the saga: 0 charges without enrollment", orphanCharges == 0 && audit.ChargesWithoutEnrollment == 0,
                $"{orphanCharges} charged without video access; {settings.Faults.Struck} kills after the charge; {audit.FiguresLine}");
        }

        // Without it: the same enrollments as direct calls, the caller killed after every 10th charge.
        await using var bare = await SagaSystem.StartAsync(SagaClaimRun.Infrastructure, new SagaSettings { Courses = EnrollmentWorkload.Courses(smallSeats: 20) }, context.CancellationToken);
        var direct = new DirectCallsEnrollment(bare.Database, TimeProvider.System);
        var ids = new ConcurrentBag<Guid>();
        var kills = 0;
        var contrast = Scenario.Create("enroll-direct", async step =>
            {
                var number = step.InvocationNumber;
                var id = Guid.NewGuid();
                ids.Add(id);
                var course = number % 10 == 7 ? EnrollmentWorkload.SmallCourse : "course-1";
                var amount = number % 10 == 3 ? 900m : 100m;
                var dies = number % KillEvery == 0 && amount <= 500m;
                if (dies)
                {
                    Interlocked.Increment(ref kills);
                }

                var enrolled = await direct.EnrollAsync(new EnrollmentDetails(id, $"student-{number}", course, amount), dies, step.CancellationToken);
                return Response.Ok(statusCode: enrolled ? "enrolled" : "not-enrolled");
            })
            .WithoutWarmUp()
            .WithLoadSimulations(Simulation.Inject(rate, TimeSpan.FromSeconds(1), duration));
        await context.RunContrastAsync(contrast);
        var lost = await SagaVerification.ChargesWithoutEnrollmentAsync(bare.Database, ids.ToArray(), context.CancellationToken);
        context.Check("without the saga (contrast): the kills leave charges without enrollment", lost > 0,
            $"{lost} charged without video access after {kills} kills");
        return context.Complete();
    }
}
