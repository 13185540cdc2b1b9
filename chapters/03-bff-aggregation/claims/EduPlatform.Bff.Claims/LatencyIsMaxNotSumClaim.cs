using EduPlatform.Bff.Dashboard;
using EduPlatform.Bff.Testing;
using EduPlatform.Load;
using EduPlatform.Load.Proving;

namespace EduPlatform.Bff.Claims;

/// <summary>
/// Fan-out in parallel costs the slowest leg, not the sum of the legs. Four downstreams each answer in 40-80 ms
/// (uniform); no cache and no hedging, so every request calls all four. The legs' p99 is what the stubs themselves
/// measured (arrival to answer), the strictest reference. Contrast: the same legs called one after the other (and no
/// deadline, which would otherwise cut the sum at 300 ms).
/// </summary>
public sealed class LatencyIsMaxNotSumClaim : IClaim
{
    private const double AllowedOverheadMs = 15;

    public string Name => "03-latency-is-max-not-sum";

    public string Chapter => "03";

    public string Statement =>
        "With four legs of 40-80 ms, the dashboard's p99 is at most the slowest leg's p99 + 15 ms; called one after the other "
        + "(the contrast), its mean is at least the sum of the legs' means.";

    public async Task<ClaimResult> RunAsync(ClaimContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        using var http = DashboardLoad.Client();
        var legs = PlatformStubs.All.ToDictionary(service => service, _ => LegBehavior.After(LatencyDistribution.UniformMs(40, 80)));
        var parallel = BffSettings.Default with { Cache = false, Hedging = false, Legs = legs };

        var runs = await DashboardLoad.RunPairAsync(context, parallel, parallel with { FanOut = FanOut.Sequential, Deadline = false },
            (system, answers) => DashboardLoad.Dashboard("dashboard", system, http, students: 100, answers)
                .WithWarmUpDuration(context.Duration(TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(0.25)))
                .WithLoadSimulations(Simulation.Inject(context.Pick(50, 20), TimeSpan.FromSeconds(1), context.Duration(TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(1))))
                .WithThresholds(Threshold.Parse("rate<0.001")),
            DashboardLoad.ForgetWarmUpCalls);

        var legP99 = runs.With.Services.Values.ToDictionary(service => service.Name, DashboardLoad.StubP99);
        var slowest = legP99.MaxBy(leg => leg.Value);
        var dashboardP99 = runs.Runs.WithPattern.Scenario("dashboard").Stats.Ok.Latency.P99Ms;
        context.CheckTiming($"dashboard p99 <= slowest leg p99 + {AllowedOverheadMs} ms", dashboardP99 <= slowest.Value + AllowedOverheadMs,
            $"dashboard p99 {dashboardP99:0.0} ms; slowest leg {slowest.Key} p99 {slowest.Value:0.0} ms "
            + $"(legs: {string.Join(", ", legP99.Select(leg => $"{leg.Key} {leg.Value:0.0}"))}); overhead {dashboardP99 - slowest.Value:0.0} ms");

        var sumOfMeans = runs.Without.Services.Values.Sum(DashboardLoad.StubMean);
        var sequential = runs.Runs.WithoutPattern.Scenario("dashboard").Stats.Ok.Latency;
        context.CheckTiming("sequential: mean >= the sum of the legs' means", sequential.MeanMs >= sumOfMeans,
            $"sequential mean {sequential.MeanMs:0.0} ms (p99 {sequential.P99Ms:0.0} ms); sum of leg means {sumOfMeans:0.0} ms");

        var measured = runs.WithAnswers.Measured;
        var notOk = measured.Count(answer => answer.Status != 200 || answer.Sections.Values.Any(status => status != "ok"));
        context.CheckTiming("every section of every answer was ok (no leg was cut)", notOk == 0,
            $"{notOk} of {measured.Count} answers had a section that was not ok");
        return context.Complete();
    }
}
