using System.Diagnostics;
using EduPlatform.EventStore.Testing;
using EduPlatform.Load;
using EduPlatform.Load.Proving;

namespace EduPlatform.EventStore.Claims;

/// <summary>A restarted subscription still sees every event once, in order, with no gap.</summary>
public sealed class EventStoreSubscriptionCompletenessClaim : IClaim
{
    public string Name => "04-subscription-completeness";

    public string Chapter => "04";

    public string Statement =>
        "While writers append at a steady rate over 100 streams, a catch-up subscription killed and restarted three times "
        + "mid-run feeds an idempotent projection that applies every acknowledged event exactly once, in global order, with no gap.";

    public async Task<ClaimResult> RunAsync(ClaimContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        await using var claim = await ClaimSystem.StartAsync(context.CancellationToken);
        var system = claim.System;
        var workload = new SubscriptionCompletenessScenario(system.DataSource, system.Store);
        await workload.InitializeAsync(context.CancellationToken);
        var duration = context.Duration(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(5));

        var scenario = Scenario.Create("append", async ctx =>
            {
                await workload.AppendAsync("writer", (int)ctx.InvocationNumber, ctx.CancellationToken);
                return Response.Ok();
            })
            .WithLoadSimulations(Simulation.Inject(context.Pick(150, 100), TimeSpan.FromSeconds(1), duration))
            .WithThresholds(Threshold.Parse("rate==0"));
        var clock = Stopwatch.StartNew();
        var writing = context.RunAsync(scenario);
        var projecting = workload.RunProjectionAsync(
            restarts: 3, restartEvery: duration / 4, writing, context.CancellationToken, restart => MarkRestart(context, restart));
        await writing;
        await projecting;

        context.Check(await workload.VerifyAsync(clock.Elapsed, context.CancellationToken));
        return context.Complete();
    }

    private static void MarkRestart(ClaimContext context, int restart)
    {
        try
        {
            context.MarkEvent($"subscription killed and restarted ({restart})");
        }
        catch (InvalidOperationException)
        {
            // the load run had already ended: the restart still happened, only the chart misses it
        }
    }
}
