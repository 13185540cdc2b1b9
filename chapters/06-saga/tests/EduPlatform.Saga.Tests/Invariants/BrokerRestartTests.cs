using EduPlatform.Harness.Infrastructure;
using EduPlatform.Harness.Waiting;
using EduPlatform.Saga.Running;
using EduPlatform.Saga.Testing;

namespace EduPlatform.Saga.Tests.Invariants;

/// <summary>
/// RabbitMQ restarts in the middle of enrollments: requests made while it is down are accepted (they are rows in the
/// outbox), every saga ends once it is back, and nothing is lost or done twice (unacknowledged deliveries come again).
/// </summary>
public sealed class BrokerRestartTests(InfrastructureFixture infrastructure, ITestOutputHelper output)
{
    [Fact]
    public async Task Sagas_survive_a_broker_restart_with_requests_taken_while_it_is_down()
    {
        var cancellation = TestContext.Current.CancellationToken;
        await using var ownBroker = new WorkbookInfrastructure(output.WriteLine, new InfrastructureSettings { Mode = InfrastructureMode.Native });
        var settings = new SagaSettings { Style = SagaStyle.Orchestration, Courses = EnrollmentWorkload.Courses(smallSeats: 2) };
        await using var system = await SagaSystem.StartAsync(new OwnBrokerInfrastructure(infrastructure, ownBroker), settings, cancellation);
        var workload = new EnrollmentWorkload(system);
        for (var i = 0; i < 10; i++)
        {
            await workload.SendAsync(i, cancellation);
        }

        var restart = system.RestartBrokerAsync(TimeSpan.FromSeconds(1), cancellation);
        for (var i = 10; i < 20; i++)
        {
            await workload.SendAsync(i, cancellation); // while the broker stops, is down, and starts
        }

        await restart;
        await system.WaitUntilAllEndedAsync(workload.Ids, TimeSpan.FromSeconds(60), cancellation);

        var audit = await system.AuditAsync(workload.Ids, cancellation);
        output.WriteLine(audit.ToString());
        audit.Holds.Should().BeTrue(audit.ToString());
        audit.Orphans.Should().Be(0);
        audit.Completed.Should().BeGreaterThan(0);
    }
}
