using System.Diagnostics;
using EduPlatform.Bff.Testing;
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
        + "outage marks that section stale or unavailable; the seed's all-or-nothing dashboard (the contrast) fails its pages.";

    public async Task<ClaimResult> RunAsync(ClaimContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        using var http = DashboardLoad.Client();
        var legs = PlatformStubs.All.ToDictionary(service => service, _ => LegBehavior.After(LatencyDistribution.UniformMs(5, 20)));
        var withPattern = BffSettings.Default with
        {
            Legs = legs,
            Freshness = new Dictionary<string, TimeSpan> { [CoursesSection] = TimeSpan.FromSeconds(1) },
            RetryFailedRefreshAfter = TimeSpan.FromMilliseconds(500),
        };
        var coursesFreshFor = withPattern.Freshness["courses"];
        var killAt = context.Duration(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(0.5));
        var outage = context.Duration(TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(1));
        var outages = new Dictionary<BffSystem, Outage>();

        var runs = await DashboardLoad.RunPairAsync(context, withPattern, BffSettings.Seed with { Legs = legs },
            (system, answers) => DashboardLoad.Dashboard("dashboard", system, http, students: 200, answers)
                .WithWarmUpDuration(context.Duration(TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(0.25)))
                .WithLoadSimulations(Simulation.Inject(context.Pick(100, 50), TimeSpan.FromSeconds(1), killAt + outage + killAt))
                .WithThresholds(Threshold.Create("availability >= 99.9% (95% lower bound)", s => s.Availability.LowerBound95 >= 0.999,
                    s => $"{s.Availability.LowerBound95:P3} lower bound ({s.Availability.Failures} of {s.Availability.Trials} failed)")),
            system =>
            {
                var window = outages[system] = new Outage();
                return FaultPlan.None
                    .At(killAt, "courses killed", async _ =>
                    {
                        await system.Courses.KillAsync();
                        window.Killed = Stopwatch.GetTimestamp();
                    })
                    .At(killAt + outage, "courses restarted", async ct =>
                    {
                        window.Restarting = Stopwatch.GetTimestamp();
                        await system.Courses.RestartAsync(ct);
                    });
            });

        var answers = runs.WithAnswers.Measured;
        var serverErrors = answers.Count(a => a.Status >= 500);
        context.Check("no answer was a 5xx", serverErrors == 0, $"{serverErrors} of {answers.Count} answers 5xx");
        var window = outages[runs.With];
        // A copy fetched just before the kill is honestly ok for its freshness (1 s) more: the outage, as far as the
        // answers can tell, starts when the last such copy expired.
        var expiredAll = window.Killed == long.MaxValue ? long.MaxValue : window.Killed + (long)(coursesFreshFor.TotalSeconds * Stopwatch.Frequency);
        var during = answers.Where(a => a.StartedAt > expiredAll && a.EndedAt < window.Restarting).ToArray();
        var courses = during.Where(a => a.Status == 200).GroupBy(a => a.Sections[CoursesSection]).ToDictionary(g => g.Key, g => g.Count());
        var freshFromTheDead = answers.Count(a => a.Status == 200 && a.StartedAt > window.Killed && a.EndedAt < window.Restarting
            && a.Sections[CoursesSection] == "ok" && a.AgesMs[CoursesSection] is { } age && a.StartedAt - (long)(age / 1000.0 * Stopwatch.Frequency) > window.Killed);
        context.Check("no answer during the outage passes off courses fetched after the kill as fresh", freshFromTheDead == 0,
            $"{freshFromTheDead} answers during the outage with courses ok and younger than the outage");
        // Timing as well as labels: a BFF starved of CPU can run out of budget before the refusal arrives (degraded).
        context.CheckTiming("every answer during the outage (once the copies fresh at the kill expired) marks courses stale or unavailable",
            during.Length > 0 && during.All(a => a.Status == 200 && a.Sections[CoursesSection] is "stale" or "unavailable"),
            $"{during.Length} answers during the outage; courses: {string.Join(", ", courses.Select(c => $"{c.Key} {c.Value}"))}");
        var seed = runs.WithoutAnswers.Measured;
        context.CheckTiming("the seed's dashboard failed its pages during the outage (the contrast)", seed.Any(a => a.Status >= 500),
            $"contrast: {seed.Count(a => a.Status >= 500)} of {seed.Count} answers 5xx");
        return context.Complete();
    }

    private const string CoursesSection = "courses";

    /// <summary>When the kill had happened and when the restart began (Stopwatch ticks).</summary>
    private sealed class Outage
    {
        public long Killed { get; set; } = long.MaxValue;

        public long Restarting { get; set; } = long.MaxValue;
    }
}
