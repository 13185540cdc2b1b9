using EduPlatform.Bff.Testing;
using EduPlatform.Harness.Infrastructure;
using EduPlatform.Load;
using EduPlatform.Load.Proving;

namespace EduPlatform.Bff.Claims;

/// <summary>
/// The videos leg has a heavy tail: 96% of its calls take 10-30 ms, 4% take 300-600 ms. Hedging sends a second call after
/// 50 ms when the first has not answered, within a budget of 10% extra calls, and takes the first answer. No cache (every
/// request calls the leg) and a 1 s deadline in both runs, so the tail is measured, not cut. Contrast: no hedging.
/// </summary>
public sealed class HedgingClaim : IClaim
{
    public string Name => "03-hedging";

    public string Chapter => "03";

    public string Statement =>
        "Against a leg with a heavy tail, hedging cuts the dashboard's p99 by >= 40% for <= 10% extra calls to that leg.";

    public async Task<ClaimResult> RunAsync(ClaimContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        await using var infrastructure = new WorkbookInfrastructure();
        using var http = DashboardLoad.Client();
        var legs = PlatformStubs.All.ToDictionary(service => service, _ => LegBehavior.After(LatencyDistribution.UniformMs(5, 15)));
        legs[PlatformStubs.Videos] = LegBehavior.After(LatencyDistribution.UniformMs(10, 30)
            .WithTail(0.04, TimeSpan.FromMilliseconds(300), TimeSpan.FromMilliseconds(600)));
        var hedged = BffSettings.Default with { Cache = false, DeadlineTotal = TimeSpan.FromSeconds(1), Legs = legs };
        var unhedged = hedged with { Hedging = false };
        var systems = new List<BffSystem>();
        var logs = new List<AnswerLog>();

        var pair = await context.RunPairAsync(
            async (withPattern, ct) =>
            {
                var system = await DashboardLoad.StartAsync(context, infrastructure, withPattern ? hedged : unhedged, ct);
                systems.Add(system);
                return system;
            },
            system =>
            {
                var answers = new AnswerLog();
                logs.Add(answers);
                var scenario = DashboardLoad.Dashboard("dashboard", system, http, students: 100, answers)
                    .WithWarmUpDuration(context.Duration(TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(0.25)))
                    .WithLoadSimulations(Simulation.Inject(context.Pick(100, 50), TimeSpan.FromSeconds(1), context.Duration(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(1))))
                    .WithThresholds(Threshold.Parse("rate<0.001"));
                return new RunPlan([scenario], DashboardLoad.ForgetWarmUpCalls(system));
            });

        var withP99 = pair.WithPattern.Scenario("dashboard").Stats.Ok.Latency.P99Ms;
        var withoutP99 = pair.WithoutPattern.Scenario("dashboard").Stats.Ok.Latency.P99Ms;
        var cut = withoutP99 > 0 ? 1 - (withP99 / withoutP99) : 0;
        context.CheckTiming("hedging cuts the dashboard's p99 by >= 40%", cut >= 0.40,
            $"p99 {withP99:0.0} ms hedged vs {withoutP99:0.0} ms unhedged: {cut:P0} lower");
        var requests = logs[0].Measured.Count;
        var videoCalls = systems[0].Videos.Calls.Count;
        var extra = requests == 0 ? 0 : (double)(videoCalls - requests) / requests;
        context.Check("at most 10% extra calls to the hedged leg", extra <= 0.10,
            $"{videoCalls:N0} videos calls for {requests:N0} requests: {extra:P1} extra (unhedged: {systems[1].Videos.Calls.Count:N0})");
        return context.Complete();
    }
}
