using EduPlatform.Cqrs.Testing;
using EduPlatform.Cqrs.Testing.Verification;
using EduPlatform.Cqrs.Testing.Workloads;
using EduPlatform.Harness.Infrastructure;
using EduPlatform.Harness.Waiting;

namespace EduPlatform.Cqrs.Tests;

/// <summary>
/// The skipped-event bug (Marten#3321, Eventuous#222): a projection tailing the log under concurrent commits misses
/// events that commit after a higher position. Writers here sleep inside their open transactions and roll 5 % back.
/// </summary>
public sealed class NoSkippedEventTests(InfrastructureFixture infrastructure)
{
    [Fact]
    public async Task Writers_sleeping_inside_their_transactions_and_rolling_back_leave_every_read_model_equal_to_the_fold()
    {
        await using var system = await CqrsSystem.StartAsync(infrastructure, new CqrsSettings { BatchSize = 100 }, CurrentTest.Cancellation);
        var writers = new TransactionalWriters(system.DataSource, new EventStoreLog(system.Types));

        // The projector tails the log while the writers write: that is when skipping happens, if it can.
        await writers.RunAsync(events: 2_000, CurrentTest.Cancellation);
        await system.WaitUntilCaughtUpAsync(TimeSpan.FromSeconds(30), CurrentTest.Cancellation);
        var verification = await ReadModelVerifier.VerifyAsync(system, CurrentTest.Cancellation);

        writers.RolledBackTransactions.Should().BeGreaterThan(0, "the run must include rolled-back transactions");
        verification.Holds.Should().BeTrue(verification.ToString());
        verification.Figures["events"].Should().Be(writers.CommittedEvents, "the log holds exactly the committed events");
        TestContext.Current.TestOutputHelper?.WriteLine(verification.ToString());
    }

    [Fact]
    public async Task The_same_writers_on_a_bigserial_log_make_a_naive_position_tail_skip_events()
    {
        await using var system = await CqrsSystem.StartAsync(infrastructure, new CqrsSettings { Projector = ProjectorPlacement.NotStarted }, CurrentTest.Cancellation);
        await NaiveLog.CreateAsync(system.DataSource, CurrentTest.Cancellation);
        var writers = new TransactionalWriters(system.DataSource, new NaiveLog(system.Types));

        var writing = writers.RunAsync(events: 2_000, CurrentTest.Cancellation);
        var report = await new NaiveTail(system.DataSource).RunAsync(writing, CurrentTest.Cancellation);
        await writing;

        TestContext.Current.TestOutputHelper?.WriteLine(report.ToString());
        report.Committed.Should().Be(writers.CommittedEvents);
        report.Skipped.Should().BeGreaterThan(0, "positions commit out of order on a bigserial log, and the tail moves past the late ones");
        report.Seen.Should().Be(report.Committed - report.Skipped);
    }
}
