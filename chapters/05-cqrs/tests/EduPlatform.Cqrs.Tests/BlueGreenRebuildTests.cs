using EduPlatform.Cqrs.Projections;
using EduPlatform.Cqrs.Testing;
using EduPlatform.Cqrs.Testing.Verification;
using EduPlatform.Cqrs.Testing.Workloads;
using EduPlatform.Harness.Infrastructure;
using EduPlatform.Harness.Waiting;

namespace EduPlatform.Cqrs.Tests;

/// <summary>Rebuilds without downtime: N+1 built beside N from position 0, reads switched atomically, rollback, drop.</summary>
public sealed class BlueGreenRebuildTests(InfrastructureFixture infrastructure)
{
    [Fact]
    public async Task A_rebuild_builds_beside_the_active_generation_switches_reads_when_caught_up_and_rolls_back_on_request()
    {
        await using var system = await CqrsSystem.StartAsync(infrastructure, new CqrsSettings { RebuildBatchSize = 100 }, CurrentTest.Cancellation);
        var client = system.Client;
        var writers = new TransactionalWriters(system.DataSource, new EventStoreLog(system.Types), new WriterSettings { Writers = 4, MaxSleepMs = 0 });
        await writers.RunAsync(events: 2_000, CurrentTest.Cancellation);

        var version = await client.StartRebuildAsync();
        var rebuilt = await Eventually.ReturnsAsync(() => client.RebuildAsync(version), r => r.Generation.Status == GenerationStatus.Active,
            "the rebuild switches itself once caught up");
        var afterSwitch = await client.ProgressAsync("w0-s1");

        version.Should().Be(2);
        rebuilt.PercentDone.Should().Be(100);
        rebuilt.Generation.RebuildEventsPerSecond.Should().BePositive();
        afterSwitch.ReadModel.Should().Be("readmodel_v2");
        (await client.GenerationsAsync()).Select(g => (g.Version, g.Status)).Should().Equal((1, GenerationStatus.Standby), (2, GenerationStatus.Active));
        (await ReadModelVerifier.VerifyAsync(system, CurrentTest.Cancellation)).Holds.Should().BeTrue("both generations equal the fold");

        // Rollback: generation 1 was projected all along, so it can take the reads back at once.
        await writers.RunAsync(events: 2_500, CurrentTest.Cancellation);
        await client.ActivateAsync(1);
        (await client.ProgressAsync("w0-s1")).ReadModel.Should().Be("readmodel_v1");

        // Drop the one not in use: its tables go, its projector stops, the active one is untouched.
        await client.DropGenerationAsync(2);
        await system.WaitUntilCaughtUpAsync(TimeSpan.FromSeconds(20), CurrentTest.Cancellation);
        (await client.GenerationsAsync()).Select(g => (g.Version, g.Status)).Should().Equal((1, GenerationStatus.Active), (2, GenerationStatus.Dropped));
        (await client.ProjectionsAsync()).Select(p => p.Projection).Should().BeEquivalentTo("readmodel_v1", RedisLeaderboard.Name);
        var verification = await ReadModelVerifier.VerifyAsync(system, CurrentTest.Cancellation);
        verification.Holds.Should().BeTrue(verification.ToString());
    }

    [Fact]
    public async Task Reads_during_a_rebuild_and_its_switch_never_go_backwards_and_are_always_the_fold_at_their_position()
    {
        await using var system = await CqrsSystem.StartAsync(infrastructure, new CqrsSettings { RebuildBatchSize = 200 }, CurrentTest.Cancellation);
        var writers = new TransactionalWriters(system.DataSource, new EventStoreLog(system.Types), new WriterSettings { Writers = 3, EnrollmentsPerWriter = 5, MaxSleepMs = 0 });
        await writers.RunAsync(events: 1_500, CurrentTest.Cancellation);
        var readers = new ProgressReaders(system.Client, [.. Enumerable.Range(1, 10).Select(i => $"w0-s{i}")]);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(CurrentTest.Cancellation);

        // Writers keep writing and four readers keep reading while generation 2 is built and takes over.
        var writing = writers.RunAsync(long.MaxValue, stop.Token);
        var reading = Task.WhenAll(Enumerable.Range(0, 4).Select(reader => Task.Run(async () =>
        {
            for (var i = reader; !stop.IsCancellationRequested; i += 4)
            {
                await readers.ReadAsync(i, stop.Token);
            }
        }, stop.Token)));
        var version = await system.Client.StartRebuildAsync();
        await Eventually.HoldsAsync(async () => (await system.Client.RebuildAsync(version)).Generation.Status == GenerationStatus.Active, "generation 2 took over");
        await Eventually.HoldsAsync(() => readers.Reads.Count(r => r.ReadModel == "readmodel_v2") > 50, "reads were served by generation 2 for a while");
        await stop.CancelAsync();
        try
        {
            await Task.WhenAll(writing, reading);
        }
        catch (OperationCanceledException)
        {
            // stopped mid-write or mid-read, as intended
        }

        await system.WaitUntilCaughtUpAsync(TimeSpan.FromSeconds(20), CurrentTest.Cancellation);

        var fold = await EventLogFold.FoldAsync(system.Store, keepHistory: true, CurrentTest.Cancellation);
        var verification = MonotonicReads.Verify(readers.Reads, fold);
        TestContext.Current.TestOutputHelper?.WriteLine(verification.ToString());
        verification.Holds.Should().BeTrue(verification.ToString());
        verification.Figures["read models seen"].Should().Be(2);
    }

    [Fact]
    public async Task Generation_changes_that_would_hurt_readers_are_refused_with_409()
    {
        await using var system = await CqrsSystem.StartAsync(infrastructure, new CqrsSettings { Projector = ProjectorPlacement.NotStarted }, CurrentTest.Cancellation);
        var client = system.Client;
        await client.EnrollAsync("course-1", "ada", "Ada");

        var version = await client.StartRebuildAsync();
        var secondRebuild = () => client.StartRebuildAsync();
        var dropActive = () => client.DropGenerationAsync(1);
        var activateMissing = () => client.ActivateAsync(9);

        (await secondRebuild.Should().ThrowAsync<CqrsApiException>()).Which.Status.Should().Be(409, "one rebuild at a time");
        (await dropActive.Should().ThrowAsync<CqrsApiException>()).Which.Status.Should().Be(409, "the active generation serves every read");
        (await activateMissing.Should().ThrowAsync<CqrsApiException>()).Which.Status.Should().Be(404);

        // Generation 1 is at position 1 (written by the write side, no projector); the rebuild is at 0 with no projector:
        // activating it by hand would make reads go backwards.
        await system.DataSource.CreateCommand("UPDATE readmodel_v1.checkpoint SET position = 1, applied = 1").ExecuteNonQueryAsync(CurrentTest.Cancellation);
        var activateBehind = () => client.ActivateAsync(version, waitMs: 100);
        var refused = await activateBehind.Should().ThrowAsync<CqrsApiException>();
        refused.Which.Status.Should().Be(409);
        refused.Which.Body.Should().Contain("1 events behind");
    }
}
