using System.Diagnostics;
using EduPlatform.EventStore.Testing;
using EduPlatform.Load;
using EduPlatform.Load.Proving;

namespace EduPlatform.EventStore.Claims;

/// <summary>50 concurrent read-then-append writers on one stream lose no update.</summary>
public sealed class EventStoreNoLostUpdateClaim : IClaim
{
    public string Name => "04-no-lost-update";

    public string Chapter => "04";

    public string Statement =>
        "50 concurrent writers read-then-append to one stream with the version they read as expected version and retry on "
        + "conflict: the final version equals the number of successful appends, every conflict is detected, no duplicate, no gap.";

    public async Task<ClaimResult> RunAsync(ClaimContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        await using var claim = await ClaimSystem.StartAsync(context.CancellationToken);
        var system = claim.System;
        var workload = new NoLostUpdateScenario(system.Store);
        const int writers = 50;

        var scenario = Scenario.Create("read-then-append", async ctx =>
            {
                var conflicts = await workload.DecideAndAppendAsync($"writer-{ctx.CopyNumber}", ctx.CancellationToken);
                return Response.Ok(statusCode: conflicts == 0 ? "first-try" : "after-conflicts");
            })
            .WithLoadSimulations(Simulation.IterationsForConstant(copies: writers, iterations: context.Pick(600, 150)))
            .WithThresholds(Threshold.Parse("rate==0"));
        var clock = Stopwatch.StartNew();
        await context.RunAsync(scenario);

        context.Check(await workload.VerifyAsync(writers, clock.Elapsed, context.CancellationToken));
        return context.Complete();
    }
}
