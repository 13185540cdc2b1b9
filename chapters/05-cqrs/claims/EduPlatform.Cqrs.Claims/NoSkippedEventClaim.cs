using System.Diagnostics;
using EduPlatform.Cqrs.Testing;
using EduPlatform.Cqrs.Testing.Verification;
using EduPlatform.Cqrs.Testing.Workloads;
using EduPlatform.Load;
using EduPlatform.Load.Proving;

namespace EduPlatform.Cqrs.Claims;

/// <summary>No skipped event under concurrent commits; the naive <c>position &gt;</c> tail over a bigserial log skips some.</summary>
public sealed class NoSkippedEventClaim : IClaim
{
    public string Name => "05-no-skipped-event";

    public string Chapter => "05";

    public string Statement =>
        "8 concurrent writers sleep at random inside their open transactions and roll 5 % back while 200,000 events are committed "
        + "and projected: every read model (PostgreSQL and Redis) equals a from-scratch fold of the event log. Contrast: the same "
        + "writers on a bigserial log, read by a naive `position >` tail, skip events.";

    public async Task<ClaimResult> RunAsync(ClaimContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var target = context.Pick(200_000L, 1_500L);
        await using var claim = await ClaimSystem.StartAsync(new CqrsSettings { RetryDelayMs = 100 }, context.CancellationToken);
        var system = claim.System;

        var writers = new TransactionalWriters(system.DataSource, new EventStoreLog(system.Types));
        var clock = Stopwatch.StartNew();
        await context.RunAsync(WritersUntil("write-transaction", writers, target));
        await system.WaitUntilCaughtUpAsync(TimeSpan.FromMinutes(2), context.CancellationToken);
        var written = clock.Elapsed;
        var verification = await ReadModelVerifier.VerifyAsync(system, context.CancellationToken);
        context.Check(verification);
        context.Check($"at least {target:#,0} events committed, some transactions rolled back",
            writers.CommittedEvents >= target && writers.RolledBackTransactions > 0,
            $"{writers.CommittedEvents:#,0} events in {writers.CommittedTransactions:#,0} transactions, {writers.RolledBackTransactions:#,0} rolled back, "
            + $"written and projected in {written.TotalSeconds:0.0} s");

        await NaiveLog.CreateAsync(system.DataSource, context.CancellationToken);
        var naiveWriters = new TransactionalWriters(system.DataSource, new NaiveLog(system.Types));
        var naiveWriting = context.RunContrastAsync(WritersUntil("write-transaction (bigserial log)", naiveWriters, target));
        var tail = await new NaiveTail(system.DataSource).RunAsync(naiveWriting, context.CancellationToken);
        await naiveWriting;
        context.Check("contrast: a naive `position >` tail over a bigserial log skips events", tail.Skipped > 0,
            $"{tail.Skipped:#,0} of {tail.Committed:#,0} committed events skipped ({100.0 * tail.Skipped / Math.Max(1, tail.Committed):0.0} %), first at position {tail.FirstSkippedPosition}");
        return context.Complete();
    }

    /// <summary>8 copies, one writer each, writing transactions until <paramref name="target"/> events are committed.</summary>
    private static ScenarioProps WritersUntil(string name, TransactionalWriters writers, long target) =>
        Scenario.Create(name, async ctx =>
            {
                if (writers.CommittedEvents >= target)
                {
                    return Response.Ok(statusCode: "target-reached");
                }

                var outcome = await writers.WriteTransactionAsync(ctx.CopyNumber, ctx.CancellationToken);
                return Response.Ok(statusCode: outcome.Committed ? "committed" : "rolled-back");
            })
            // A transaction commits 5.7 events on average: a third of the target in iterations is plenty.
            .WithLoadSimulations(Simulation.IterationsForConstant(copies: writers.Settings.Writers, iterations: (int)(target / 3)))
            .WithThresholds(Threshold.Parse("rate==0"));
}
