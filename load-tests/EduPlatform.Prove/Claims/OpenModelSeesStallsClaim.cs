using EduPlatform.Load;
using EduPlatform.Load.Proving;
using EduPlatform.Load.SelfTest;

namespace EduPlatform.Prove.Claims;

/// <summary>
/// The reason the engine measures from the intended start: a one-second server stall must show
/// up in p99. The contrast run is a closed-model generator (one copy, request after request),
/// the way naive load scripts work: it sends almost nothing during the stall, so it hides it.
/// </summary>
public sealed class OpenModelSeesStallsClaim : IClaim
{
    private static readonly TimeSpan StallLength = TimeSpan.FromSeconds(1);

    public string Name => "00-open-model-sees-stalls";

    public string Chapter => "00";

    public string Statement =>
        "A one-second server stall shows up in the open model's p99 (latency from the intended start), "
        + "while a closed-model generator against the same server reports a p99 that hides it.";

    public async Task<ClaimResult> RunAsync(ClaimContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        await using var server = await LoopbackServer.StartAsync(cancellationToken: context.CancellationToken);
        using var http = Http.CreateClient(new HttpClientLimits { MaxConnectionsPerServer = 500 });
        var duration = context.Duration(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(3));

        ScenarioProps Ping(string name) => Scenario.Create(name, async ctx =>
            await Http.Send(http, Http.CreateRequest("GET", server.PingUri.ToString()), ctx));

        var open = Ping("open-model")
            .WithLoadSimulations(Simulation.Inject(400, TimeSpan.FromSeconds(1), duration))
            .WithThresholds(Threshold.Parse("p(99)>=500"), Threshold.Parse("rate==0"));
        var run = await RunWithStallAsync(context, server, () => context.RunAsync(open));

        var closed = Ping("closed-model").WithLoadSimulations(Simulation.KeepConstant(1, duration));
        var contrast = await RunWithStallAsync(context, server, () => context.RunContrastAsync(closed));

        var openP99 = run.Scenario("open-model").Stats.Ok.Latency.P99Ms;
        var closedP99 = contrast.Scenario("closed-model").Stats.Ok.Latency.P99Ms;
        context.Check("the open model's p99 is at least 10x the closed model's",
            openP99 >= 10 * closedP99, $"open p99 {openP99:0.##} ms vs closed p99 {closedP99:0.##} ms");
        return context.Complete();
    }

    private static async Task<RunResult> RunWithStallAsync(ClaimContext context, LoopbackServer server, Func<Task<RunResult>> run)
    {
        var running = run();
        await Task.Delay(TimeSpan.FromSeconds(1), context.CancellationToken);
        server.Stall(StallLength);
        context.MarkEvent("server stalled 1 s");
        return await running;
    }
}
