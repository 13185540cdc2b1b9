using EduPlatform.Bff.Testing;
using EduPlatform.Load;
using EduPlatform.Load.Proving;

namespace EduPlatform.Bff.Claims;

/// <summary>
/// A thousand requests at once for one student whose sections nobody has cached yet (the classic stampede: a cold key
/// under a burst). FusionCache lets one request per key call the downstream while the others wait for its answer.
/// The deadline is 10 s here so that queueing a thousand requests on two cores cannot cut a lock holder's call (which
/// would let the next waiter call again): the claim is about the cache. Contrast: the same burst without the cache.
/// </summary>
public sealed class StampedeClaim : IClaim
{
    public string Name => "03-stampede";

    public string Chapter => "03";

    public string Statement =>
        "1,000 concurrent cold requests for one student's dashboard make exactly 1 call to each downstream; without the cache "
        + "(the contrast) each downstream gets all 1,000.";

    public async Task<ClaimResult> RunAsync(ClaimContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        using var http = DashboardLoad.Client();
        var requests = context.Pick(1_000, 200);
        var legs = PlatformStubs.All.ToDictionary(service => service, _ => LegBehavior.After(LatencyDistribution.UniformMs(50, 50)));
        var cached = BffSettings.Default with { Hedging = false, DeadlineTotal = TimeSpan.FromSeconds(10), Legs = legs };

        // Every request is the same student (students: 1), and there is no warm-up: the keys must be cold.
        var runs = await DashboardLoad.RunPairAsync(context, cached, cached with { Cache = false },
            (system, answers) => DashboardLoad.Dashboard("cold-burst", system, http, students: 1, answers)
                .WithoutWarmUp()
                .WithLoadSimulations(Simulation.IterationsForConstant(copies: requests, iterations: requests))
                .WithThresholds(Threshold.Parse("rate==0")));

        var calls = runs.With.Services.Values.ToDictionary(service => service.Name, service => service.Calls.Count);
        context.Check("exactly 1 call reached each downstream", calls.Values.All(count => count == 1),
            $"{requests:N0} requests; calls: {string.Join(", ", calls.Select(c => $"{c.Key} {c.Value}"))}");
        var answers = runs.WithAnswers.Measured;
        var fates = answers.SelectMany(a => a.Sections.Values).GroupBy(s => s).ToDictionary(g => g.Key, g => g.Count());
        context.Check("every section of every answer was ok", answers.Count == requests && fates.Keys.All(k => k == "ok"),
            $"{answers.Count} answers; sections: {string.Join(", ", fates.Select(f => $"{f.Key} {f.Value}"))}");
        var contrast = runs.Without.Services.Values.ToDictionary(service => service.Name, service => service.Calls.Count);
        context.Check("without the cache every request called every downstream (the contrast)", contrast.Values.All(count => count == requests),
            $"calls: {string.Join(", ", contrast.Select(c => $"{c.Key} {c.Value}"))}");
        return context.Complete();
    }
}
