using EduPlatform.Load;
using EduPlatform.Load.Proving;
using EduPlatform.Load.SelfTest;

namespace EduPlatform.Prove.Claims;

// Chapter 00 is the load engine itself: its claims run the whole prove pipeline against a loopback endpoint,
// so `prove` works end to end before any chapter adds its own.

// snippet: engine-keeps-schedule-claim
/// <summary>The engine keeps an open-model schedule against a trivial endpoint and loses nothing.</summary>
public sealed class EngineKeepsItsScheduleClaim : IClaim
{
    public string Name => "00-engine-keeps-schedule";

    public string Chapter => "00";

    public string Statement =>
        "Against a trivial loopback endpoint, the load engine holds a 300 req/s open-model schedule, "
        + "every request reaches the server, and p99 latency from the intended start stays under 50 ms.";

    public async Task<ClaimResult> RunAsync(ClaimContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        await using var server = await LoopbackServer.StartAsync(cancellationToken: context.CancellationToken);
        using var http = Http.CreateClient(new HttpClientLimits { MaxConnectionsPerServer = 50 });

        long warmUpRequests = 0;
        var scenario = Scenario.Create("ping", async ctx =>
            {
                if (ctx.IsWarmUp)
                {
                    Interlocked.Increment(ref warmUpRequests);
                }

                return await Http.Send(http, Http.CreateRequest("GET", server.PingUri.ToString()), ctx);
            })
            .WithWarmUpDuration(context.Duration(TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(1)))
            .WithLoadSimulations(Simulation.Inject(300, TimeSpan.FromSeconds(1), context.Duration(TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(4))))
            .WithThresholds(Threshold.Parse("p(99)<50"), Threshold.Parse("rate==0"));

        var run = await context.RunAsync(scenario);
        var stats = run.Scenario("ping").Stats;
        var measuredAtServer = server.Requests - Interlocked.Read(ref warmUpRequests);
        context.Check("every measured request reached the server and completed",
            measuredAtServer == stats.Schedule.Started && stats.Schedule.Completed == stats.Schedule.Started,
            $"server saw {measuredAtServer:N0} measured requests; engine started {stats.Schedule.Started:N0}, completed {stats.Schedule.Completed:N0}");
        return context.Complete();
    }
}
// endsnippet
