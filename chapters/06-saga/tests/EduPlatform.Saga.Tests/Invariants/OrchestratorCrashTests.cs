using EduPlatform.Harness.Infrastructure;
using EduPlatform.Saga.Running;
using EduPlatform.Saga.Testing;
using static EduPlatform.Saga.Messaging.MessageTypes;

namespace EduPlatform.Saga.Tests.Invariants;

/// <summary>
/// The orchestrator dies after it committed a step (its next command in the outbox, the reply not yet acknowledged)
/// and before it handled one, for every kind of reply: every saga still ends, once.
/// </summary>
public sealed class OrchestratorCrashTests(InfrastructureFixture infrastructure, ITestOutputHelper output)
{
    [Theory]
    [InlineData(FaultPoint.AfterSideEffect)]
    [InlineData(FaultPoint.BeforeSideEffect)]
    public async Task Every_saga_ends_once_when_the_orchestrator_dies_around_each_step(FaultPoint point)
    {
        var cancellation = TestContext.Current.CancellationToken;
        var settings = new SagaSettings { Style = SagaStyle.Orchestration, Courses = EnrollmentWorkload.Courses(smallSeats: 2) };
        foreach (var reply in new[] { SeatReserved, SeatRefused, PaymentCharged, PaymentDeclined, VideoAccessGranted, ConfirmationSent, SeatReleased })
        {
            settings.Faults.Add(new FaultRule("orchestrator", point, reply, FaultAction.Crash, Times: 2));
        }

        await using var system = await SagaSystem.StartAsync(infrastructure, settings, cancellation);
        var workload = new EnrollmentWorkload(system);
        for (var i = 0; i < 20; i++)
        {
            await workload.SendAsync(i, cancellation);
        }

        await system.WaitUntilAllEndedAsync(workload.Ids, TimeSpan.FromSeconds(45), cancellation);

        var audit = await system.AuditAsync(workload.Ids, cancellation);
        output.WriteLine($"{settings.Faults.Struck} crashes; {audit}");
        settings.Faults.Struck.Should().BeGreaterThanOrEqualTo(7, "the orchestrator died around most kinds of reply");
        audit.Holds.Should().BeTrue(audit.ToString());
    }
}
