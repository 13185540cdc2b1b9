using System.Diagnostics;
using EduPlatform.Bff.Testing;
using EduPlatform.Harness.Infrastructure;
using EduPlatform.Load;
using EduPlatform.Load.Proving;

namespace EduPlatform.Bff.Claims;

/// <summary>
/// The Courses service is killed for 20 s in the middle of the run. The page goes on: every answer a 200, the courses
/// section served stale (the student's copy from before, from FusionCache's fail-safe over Redis) or, for a student with
/// no copy, marked unavailable. Courses is fresh for 1 s here and 200 students take turns, so every request during the
/// outage really asks Courses (none is an innocent cache hit). Contrast: the seed's dashboard (Promise.all: parallel, no
/// deadline, no cache, one failed leg fails the page).
/// </summary>
public sealed class DegradedNotFailedClaim : IClaim
{
    public string Name => "03-degraded-not-failed";

    public string Chapter => "03";

    public string Statement =>
        "A downstream killed for 20 s mid-run: 0 answers 5xx, >= 99.9% answer 200 (95% lower bound), and every answer during the "
        + "outage marks that section stale or unavailable; the seed's all-or-nothing dashboard (the contrast) fails every page.";

    public async Task<ClaimResult> RunAsync(ClaimContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        await using var infrastructure = new WorkbookInfrastructure();
        using var http = DashboardLoad.Client();
        var legs = PlatformStubs.All.ToDictionary(service => service, _ => LegBehavior.After(LatencyDistribution.UniformMs(5, 20)));
        var withPattern = BffSettings.Default with
        {
            Legs = legs,
            Freshness = new Dictionary<string, TimeSpan> { ["courses"] = TimeSpan.FromSeconds(1) },
            RetryFailedRefreshAfter = TimeSpan.FromMilliseconds(500),
        };
        var seed = BffSettings.Seed with { Legs = legs };
        var killAt = context.Duration(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(0.5));
        var outage = context.Duration(TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(1));
        var logs = new List<AnswerLog>();
        var windows = new List<(long Killed, long Restarting)>();

        var pair = await context.RunPairAsync(
            (pattern, ct) => DashboardLoad.StartAsync(context, infrastructure, pattern ? withPattern : seed, ct),
            system =>
            {
                var answers = new AnswerLog();
                logs.Add(answers);
                var window = windows.Count;
                windows.Add((long.MaxValue, long.MaxValue));
                var faults = FaultPlan.None
                    .At(killAt, "courses killed", async _ =>
                    {
                        await system.Courses.KillAsync();
                        windows[window] = (Stopwatch.GetTimestamp(), long.MaxValue);
                    })
                    .At(killAt + outage, "courses restarted", async ct =>
                    {
                        windows[window] = (windows[window].Killed, Stopwatch.GetTimestamp());
                        await system.Courses.RestartAsync(ct);
                    });
                var scenario = DashboardLoad.Dashboard("dashboard", system, http, students: 200, answers)
                    .WithWarmUpDuration(context.Duration(TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(0.25)))
                    .WithLoadSimulations(Simulation.Inject(context.Pick(100, 50), TimeSpan.FromSeconds(1), killAt + outage + killAt))
                    .WithThresholds(Threshold.Create("availability >= 99.9% (95% lower bound)", s => s.Availability.LowerBound95 >= 0.999,
                        s => $"{s.Availability.LowerBound95:P3} lower bound ({s.Availability.Failures} of {s.Availability.Trials} failed)"));
                return new RunPlan([scenario], faults);
            });

        var answers = logs[0].Measured;
        var (killed, restarting) = windows[0];
        var serverErrors = answers.Count(a => a.Status >= 500);
        context.Check("no answer was a 5xx", serverErrors == 0, $"{serverErrors} of {answers.Count} answers 5xx");
        var during = answers.Where(a => a.StartedAt > killed && a.EndedAt < restarting).ToArray();
        var courses = during.Where(a => a.Status == 200).GroupBy(a => a.Sections["courses"]).ToDictionary(g => g.Key, g => g.Count());
        context.Check("every answer during the outage marks courses stale or unavailable",
            during.Length > 0 && during.All(a => a.Status == 200 && a.Sections["courses"] is "stale" or "unavailable"),
            $"{during.Length} answers during the outage; courses: {string.Join(", ", courses.Select(c => $"{c.Key} {c.Value}"))}");
        var seedAnswers = logs[1].Measured;
        context.CheckTiming("the seed's dashboard failed its pages during the outage (the contrast)", seedAnswers.Any(a => a.Status >= 500),
            $"contrast: {seedAnswers.Count(a => a.Status >= 500)} of {seedAnswers.Count} answers 5xx");
        _ = pair;
        return context.Complete();
    }
}
