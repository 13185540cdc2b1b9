using EduPlatform.Cqrs.Testing;
using EduPlatform.Cqrs.Testing.Verification;
using EduPlatform.Cqrs.Testing.Workloads;
using EduPlatform.Harness.Infrastructure;
using EduPlatform.Harness.Waiting;

namespace EduPlatform.Cqrs.Tests;

/// <summary>Exactly once in effect: the projector's process is killed (SIGKILL) while writers write, and started again.</summary>
public sealed class CrashRestartTests(InfrastructureFixture infrastructure)
{
    [Fact]
    public async Task A_projector_killed_with_sigkill_mid_run_resumes_without_applying_an_event_twice_or_skipping_one()
    {
        await using var system = await CqrsSystem.StartAsync(infrastructure,
            new CqrsSettings { Projector = ProjectorPlacement.SeparateProcess, BatchSize = 50 }, CurrentTest.Cancellation);
        var writers = new TransactionalWriters(system.DataSource, new EventStoreLog(system.Types), new WriterSettings { Writers = 4, MaxSleepMs = 1 });
        using var stopWriting = CancellationTokenSource.CreateLinkedTokenSource(CurrentTest.Cancellation);

        var writing = writers.RunAsync(long.MaxValue, stopWriting.Token);
        await ProjectorCrashes.RunAsync(system, kills: 2, new Random(5), TimeSpan.FromMilliseconds(300), TimeSpan.FromMilliseconds(900), CurrentTest.Cancellation);
        await stopWriting.CancelAsync();
        await WriterStoppedAsync(writing);
        await system.WaitUntilCaughtUpAsync(TimeSpan.FromSeconds(30), CurrentTest.Cancellation);
        var verification = await ReadModelVerifier.VerifyAsync(system, CurrentTest.Cancellation);

        TestContext.Current.TestOutputHelper?.WriteLine(verification.ToString());
        verification.Holds.Should().BeTrue(verification.ToString());
        verification.Figures["events"].Should().BeGreaterThan(100, "the writers wrote while the projector was killed");
    }

    [Fact]
    public async Task Two_projector_instances_at_once_still_apply_every_event_once()
    {
        // A deployment mistake (or a zombie after a partition): each commit checks the checkpoint it started from.
        await using var system = await CqrsSystem.StartAsync(infrastructure,
            new CqrsSettings { Projector = ProjectorPlacement.SeparateInProcess, BatchSize = 20 }, CurrentTest.Cancellation);
        var writers = new TransactionalWriters(system.DataSource, new EventStoreLog(system.Types), new WriterSettings { Writers = 4, MaxSleepMs = 0 });
        await using var secondProjector = await system.StartAnotherProjectorAsync(cancellationToken: CurrentTest.Cancellation);

        await writers.RunAsync(events: 1_500, CurrentTest.Cancellation);
        await system.WaitUntilCaughtUpAsync(TimeSpan.FromSeconds(30), CurrentTest.Cancellation);
        var verification = await ReadModelVerifier.VerifyAsync(system, CurrentTest.Cancellation);

        verification.Holds.Should().BeTrue(verification.ToString());
    }

    private static async Task WriterStoppedAsync(Task writing)
    {
        try
        {
            await writing;
        }
        catch (OperationCanceledException)
        {
            // stopped mid-transaction: rolled back, as intended
        }
    }
}
