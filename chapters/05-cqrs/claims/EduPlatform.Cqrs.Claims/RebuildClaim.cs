using EduPlatform.Cqrs.Projections;
using EduPlatform.Cqrs.Testing;
using EduPlatform.Cqrs.Testing.Verification;
using EduPlatform.Cqrs.Testing.Workloads;
using EduPlatform.Load;
using EduPlatform.Load.Proving;

namespace EduPlatform.Cqrs.Claims;

/// <summary>Blue/green rebuild: fast enough, and invisible to readers (no failed read, no read going backwards).</summary>
public sealed class RebuildClaim : IClaim
{
    public string Name => "05-rebuild";

    public string Chapter => "05";

    public string Statement =>
        "Over 1,000,000 events, generation 2 of the PostgreSQL read models is rebuilt from position 0 beside generation 1 at >= 10,000 "
        + "events/s on 2 cores, then takes the reads, then gives them back (rollback), all under 300 queries/s and ongoing writes: "
        + "0 failed reads, no read goes backwards, every read is the fold of the log at the position it returned.";

    public async Task<ClaimResult> RunAsync(ClaimContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var events = context.Pick(1_000_000L, 10_000L);
        var during = context.Duration(TimeSpan.FromSeconds(150), TimeSpan.FromSeconds(7));
        await using var claim = await ClaimSystem.StartAsync(
            new CqrsSettings { Projector = ProjectorPlacement.NotStarted, RetryDelayMs = 100 }, context.CancellationToken);
        var system = claim.System;
        var students = await EventLogSeeder.SeedAsync(system.DataSource, system.Types, events, seed: 5, context.CancellationToken);
        var firstBuild = System.Diagnostics.Stopwatch.StartNew();
        await system.StartProjectorAsync(cancellationToken: context.CancellationToken);
        await system.WaitUntilCaughtUpAsync(TimeSpan.FromMinutes(5), context.CancellationToken);
        var firstRate = events / firstBuild.Elapsed.TotalSeconds;

        var readers = new ProgressReaders(system.Client, students);
        var writers = new TransactionalWriters(system.DataSource, new EventStoreLog(system.Types), new WriterSettings { Writers = 2, MaxSleepMs = 0 });
        var rebuild = 0;
        var rolledBack = false;
        var faults = FaultPlan.None
            .At(TimeSpan.FromSeconds(1), "rebuild of generation 2 started", async _ => rebuild = await system.Client.StartRebuildAsync())
            .At(during - context.Duration(TimeSpan.FromSeconds(12), TimeSpan.FromSeconds(4)), "rolled back to generation 1", async cancellationToken =>
            {
                // Generation 2 must have taken the reads first (it switches itself once caught up); wait for that, bounded.
                var deadline = DateTimeOffset.UtcNow + context.Duration(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(3));
                while ((await system.Client.RebuildAsync(rebuild)).Generation.Status != GenerationStatus.Active && DateTimeOffset.UtcNow < deadline)
                {
                    await Task.Delay(50, cancellationToken);
                }

                if ((await system.Client.RebuildAsync(rebuild)).Generation.Status == GenerationStatus.Active)
                {
                    await system.Client.ActivateAsync(1, waitMs: 10_000);
                    rolledBack = true;
                }
            });
        var reading = Scenario.Create("read-progress", async ctx =>
            {
                await readers.ReadAsync(ctx.InvocationNumber, ctx.CancellationToken);
                return Response.Ok();
            })
            .WithLoadSimulations(Simulation.Inject(300, TimeSpan.FromSeconds(1), during))
            .WithThresholds(Threshold.Parse("rate==0"));
        var writing = Scenario.Create("write-transaction", async ctx =>
            {
                await writers.WriteTransactionAsync(ctx.CopyNumber, ctx.CancellationToken);
                await Task.Delay(20, ctx.CancellationToken);
                return Response.Ok();
            })
            .WithLoadSimulations(Simulation.KeepConstant(copies: 2, during));
        await context.RunAsync(faults, reading, writing);
        await system.WaitUntilCaughtUpAsync(TimeSpan.FromMinutes(1), context.CancellationToken);

        var second = await system.Client.RebuildAsync(rebuild);
        var rate = second.Generation.RebuildEventsPerSecond ?? 0;
        context.CheckTiming(">= 10,000 events/s rebuilt into PostgreSQL (generation 2, from position 0, under the query load)", rate >= 10_000,
            $"{rate:#,0} events/s ({second.Generation.CaughtUpPosition:#,0} events in {(second.Generation.CaughtUpAt - second.Generation.CreatedAt)?.TotalSeconds:0.0} s); "
            + $"generation 1's first build (and Redis's), without queries: {firstRate:#,0} events/s");
        context.Check("the reads switched to generation 2, then rolled back to generation 1",
            second.Generation.ActivatedAt is not null && rolledBack,
            $"generation 2 activated at {second.Generation.ActivatedAt:HH:mm:ss.fff}; rolled back: {rolledBack}; reads served by {string.Join(", ", readers.Reads.Select(r => r.ReadModel).Distinct())}");
        var fold = await EventLogFold.FoldAsync(system.Store, keepHistory: true, context.CancellationToken);
        context.Check(MonotonicReads.Verify(readers.Reads, fold));
        context.Check(await ReadModelVerifier.VerifyAsync(system, context.CancellationToken));
        return context.Complete();
    }
}
