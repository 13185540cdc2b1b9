using System.Diagnostics;
using EduPlatform.EventStore.Testing;
using EduPlatform.Load;
using EduPlatform.Load.Proving;

namespace EduPlatform.EventStore.Claims;

/// <summary>Connections cut mid-append lose no acknowledged event and split no batch.</summary>
public sealed class EventStoreDurabilityClaim : IClaim
{
    public string Name => "04-durability-under-connection-resets";

    public string Chapter => "04";

    public string Statement =>
        "While the harness's TCP fault proxy resets every open connection at irregular moments, every acknowledged event is "
        + "stored, every unacknowledged batch is stored entirely or not at all, and re-sending it with the same ids stores it once.";

    public async Task<ClaimResult> RunAsync(ClaimContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        await using var claim = await ClaimSystem.StartAsync(context.CancellationToken);
        var system = claim.System;
        await using var workload = DurabilityUnderConnectionResetsScenario.Start(system);

        var scenario = Scenario.Create("append-through-proxy", async ctx =>
                await workload.AppendAsync($"writer-{ctx.CopyNumber}", (int)ctx.InvocationNumber, ctx.CancellationToken)
                    ? Response.Ok()
                    : Response.Fail(statusCode: "connection-reset"))
            .WithLoadSimulations(Simulation.IterationsForConstant(copies: 6, iterations: context.Pick(1_500, 300)));
        var clock = Stopwatch.StartNew();
        var writing = context.RunAsync(scenario);
        await workload.ResetConnectionsAsync(TimeSpan.FromMilliseconds(150), writing, context.CancellationToken);
        await writing;

        context.Check(await workload.VerifyAsync(clock.Elapsed, context.CancellationToken));
        return context.Complete();
    }
}
