using EduPlatform.Gateway.Testing;
using EduPlatform.Harness.Infrastructure;
using EduPlatform.Load;
using EduPlatform.Load.Proving;
using static EduPlatform.Gateway.Configuration.ReverseProxyKeys;

namespace EduPlatform.Gateway.Claims;

/// <summary>
/// A thousand concurrent requests from one client admit exactly its budget (100, the default per 15 minutes) and
/// refuse the rest with 429; a second client sending at the same time is untouched.
/// </summary>
public sealed class GatewayRateLimitExactnessClaim : IClaim
{
    private const int Burst = 1000;
    private const int Budget = 100;
    private const int NeighbourRequests = 50;

    public string Name => "02-gateway-rate-limit-exact";

    public string Chapter => "02";

    public string Statement =>
        $"{Burst:N0} concurrent requests from one client admit exactly its budget ({Budget}) and refuse the rest with 429, "
        + $"while a second client's {NeighbourRequests} requests at the same time all succeed.";

    public async Task<ClaimResult> RunAsync(ClaimContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        await using var infrastructure = new WorkbookInfrastructure();
        await using var system = await GatewaySystem.StartAsync(infrastructure,
            new GatewaySettings { Hosting = ClaimHosting.For(context) }.Behind(ClusterIds.Courses, Upstream.Platform()), context.CancellationToken);
        using var http = Http.CreateClient(new HttpClientLimits { MaxConnectionsPerServer = Burst + NeighbourRequests });

        ScenarioProps Client(string name, long learner, int copies, int iterations) =>
            Scenario.Create(name, async ctx =>
                {
                    using var request = system.Learners.Get(system.BaseAddress, EnrollmentLists.Path, learner);
                    return await Http.Send(http, request, ctx);
                })
                .WithLoadSimulations(Simulation.IterationsForConstant(copies, iterations));

        static long Count(ScenarioStats stats, string status) => stats.StatusCodes.GetValueOrDefault(status);

        var greedy = Client("one-client-1000-at-once", learner: 1, copies: Burst, iterations: Burst).WithThresholds(
            Threshold.Create($"exactly {Budget} admitted (200)", stats => Count(stats, "200") == Budget, stats => $"{Count(stats, "200")} admitted").AsCorrectness(),
            Threshold.Create($"the other {Burst - Budget} refused (429)", stats => Count(stats, "429") == Burst - Budget, stats => $"{Count(stats, "429")} refused").AsCorrectness());
        var neighbour = Client("second-client-meanwhile", learner: 2, copies: 10, iterations: NeighbourRequests)
            .WithThresholds(Threshold.Parse("rate==0"));

        await context.RunAsync(greedy, neighbour);
        return context.Complete();
    }
}
