using EduPlatform.Bff.Testing;
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
        using var http = DashboardLoad.Client();
        var legs = PlatformStubs.All.ToDictionary(service => service, _ => LegBehavior.After(LatencyDistribution.UniformMs(5, 15)));
        legs[PlatformStubs.Videos] = LegBehavior.After(LatencyDistribution.UniformMs(10, 30)
            .WithTail(0.04, TimeSpan.FromMilliseconds(300), TimeSpan.FromMilliseconds(600)));
        var hedged = BffSettings.Default with { Cache = false, DeadlineTotal = TimeSpan.FromSeconds(1), Legs = legs };

        var runs = await DashboardLoad.RunPairAsync(context, hedged, hedged with { Hedging = false },
            (system, answers) => DashboardLoad.Dashboard("dashboard", system, http, students: 100, answers)
                .WithWarmUpDuration(context.Duration(TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(0.25)))
                .WithLoadSimulations(Simulation.Inject(context.Pick(100, 50), TimeSpan.FromSeconds(1), context.Duration(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(1))))
                .WithThresholds(Threshold.Parse("rate<0.001")));

        var withP99 = runs.Runs.WithPattern.Scenario("dashboard").Stats.Ok.Latency.P99Ms;
        var withoutP99 = runs.Runs.WithoutPattern.Scenario("dashboard").Stats.Ok.Latency.P99Ms;
        var cut = withoutP99 > 0 ? 1 - (withP99 / withoutP99) : 0;
        context.CheckTiming("hedging cuts the dashboard's p99 by >= 40%", cut >= 0.40,
            $"p99 {withP99:0.0} ms hedged vs {withoutP99:0.0} ms unhedged: {cut:P0} lower");
        // Over all the traffic, warm-up included: the budget saved during the warm-up is spent after it.
        var requests = runs.WithAnswers.CountWithWarmUp;
        var videoCalls = runs.With.Videos.Calls.Count;
        var extra = requests == 0 ? 0 : (double)(videoCalls - requests) / requests;
        context.Check("at most 10% extra calls to the hedged leg", extra <= 0.10,
            $"{videoCalls:N0} videos calls for {requests:N0} requests: {extra:P1} extra (unhedged: {runs.Without.Videos.Calls.Count:N0})");
        return context.Complete();
    }
}
