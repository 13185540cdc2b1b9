using EduPlatform.Bff.Testing;
using EduPlatform.Harness.Infrastructure;
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
        await using var infrastructure = new WorkbookInfrastructure();
        using var http = DashboardLoad.Client();
        var requests = context.Pick(1_000, 200);
        var legs = PlatformStubs.All.ToDictionary(service => service, _ => LegBehavior.After(LatencyDistribution.UniformMs(50, 50)));
        var cached = BffSettings.Default with { Hedging = false, DeadlineTotal = TimeSpan.FromSeconds(10), Legs = legs };
        var uncached = cached with { Cache = false };
        var systems = new List<BffSystem>();
        var logs = new List<AnswerLog>();

        await context.RunPairAsync(
            async (withPattern, ct) =>
            {
                var system = await DashboardLoad.StartAsync(context, infrastructure, withPattern ? cached : uncached, ct);
                systems.Add(system);
                return system;
            },
            system =>
            {
                var answers = new AnswerLog();
                logs.Add(answers);
                // Students 0..0: every request is the same student. No warm-up: the key must be cold.
                var scenario = DashboardLoad.Dashboard("cold-burst", system, http, students: 1, answers)
                    .WithoutWarmUp()
                    .WithLoadSimulations(Simulation.IterationsForConstant(copies: requests, iterations: requests))
                    .WithThresholds(Threshold.Parse("rate==0"));
                return new RunPlan(scenario);
            });

        var calls = systems[0].Services.Values.ToDictionary(service => service.Name, service => service.Calls.Count);
        context.Check("exactly 1 call reached each downstream", calls.Values.All(count => count == 1),
            $"{requests:N0} requests; calls: {string.Join(", ", calls.Select(c => $"{c.Key} {c.Value}"))}");
        var fates = logs[0].Measured.SelectMany(a => a.Sections.Values).GroupBy(s => s).ToDictionary(g => g.Key, g => g.Count());
        context.Check("every section of every answer was ok", logs[0].Measured.Count == requests && fates.Keys.All(k => k == "ok"),
            $"{logs[0].Measured.Count} answers; sections: {string.Join(", ", fates.Select(f => $"{f.Key} {f.Value}"))}");
        var contrast = systems[1].Services.Values.ToDictionary(service => service.Name, service => service.Calls.Count);
        context.Check("without the cache every request called every downstream (the contrast)", contrast.Values.All(count => count == requests),
            $"calls: {string.Join(", ", contrast.Select(c => $"{c.Key} {c.Value}"))}");
        return context.Complete();
    }
}
