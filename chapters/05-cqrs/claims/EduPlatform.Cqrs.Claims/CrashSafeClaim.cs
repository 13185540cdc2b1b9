using EduPlatform.Cqrs.Testing;
using EduPlatform.Cqrs.Testing.Verification;
using EduPlatform.Cqrs.Testing.Workloads;
using EduPlatform.Load;
using EduPlatform.Load.Proving;

namespace EduPlatform.Cqrs.Claims;

/// <summary>The projector's process killed with SIGKILL at random moments: read models still equal the fold, no event applied twice.</summary>
public sealed class CrashSafeClaim : IClaim
{
    public string Name => "05-crash-safe";

    public string Chapter => "05";

    public string Statement =>
        "While 8 writers commit, the projector (its own process) is killed with SIGKILL 20 times at random moments and restarted: "
        + "afterwards every read model equals the fold of the event log, and each checkpoint's applied + parked count equals its "
        + "position (no event applied twice, none skipped).";

    public async Task<ClaimResult> RunAsync(ClaimContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var kills = context.Pick(20, 2);
        var slot = context.Duration(TimeSpan.FromSeconds(3.5), TimeSpan.FromSeconds(2));
        await using var claim = await ClaimSystem.StartAsync(
            new CqrsSettings { Projector = ProjectorPlacement.SeparateProcess, BatchSize = 200, RetryDelayMs = 100 }, context.CancellationToken);
        var system = claim.System;
        var writers = new TransactionalWriters(system.DataSource, new EventStoreLog(system.Types), new WriterSettings { MaxSleepMs = 1 });

        // Each kill lands at a random moment of its own slot (after the previous restart had time to finish).
        var random = new Random(20);
        var faults = FaultPlan.None;
        var killed = 0;
        for (var i = 0; i < kills; i++)
        {
            var at = slot * i + TimeSpan.FromMilliseconds(300) + (slot * 0.4) * random.NextDouble();
            faults = faults.At(at, $"projector SIGKILL {i + 1}", async cancellationToken =>
            {
                await system.KillProjectorAsync();
                Interlocked.Increment(ref killed);
                await system.RestartProjectorAsync(cancellationToken);
            });
        }

        var writing = Scenario.Create("write-transaction", async ctx =>
            {
                var outcome = await writers.WriteTransactionAsync(ctx.CopyNumber, ctx.CancellationToken);
                return Response.Ok(statusCode: outcome.Committed ? "committed" : "rolled-back");
            })
            .WithLoadSimulations(Simulation.KeepConstant(copies: writers.Settings.Writers, during: slot * kills + TimeSpan.FromSeconds(1)))
            .WithThresholds(Threshold.Parse("rate==0"));
        await context.RunAsync(faults, writing);
        await system.WaitUntilCaughtUpAsync(TimeSpan.FromMinutes(1), context.CancellationToken);

        context.Check($"the projector was killed {kills} times mid-run", killed == kills, $"{killed} SIGKILLs, each followed by a restart");
        context.Check(await ReadModelVerifier.VerifyAsync(system, context.CancellationToken));
        return context.Complete();
    }
}
