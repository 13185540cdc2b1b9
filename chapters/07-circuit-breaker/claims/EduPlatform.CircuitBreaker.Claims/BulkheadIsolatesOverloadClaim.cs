using EduPlatform.CoursePage.Testing;
using EduPlatform.Load;
using EduPlatform.Load.Proving;

namespace EduPlatform.CircuitBreaker.Claims;

/// <summary>
/// A bulkhead keeps an overloaded dependency from taking the whole worker budget. The video service answers in 200 ms
/// and its bulkhead holds 8 calls, so its capacity is 8 / 0.2 s = 40 calls a second; the worker budget is 16 (so that
/// 3x capacity, 24 calls in flight, exceeds it without the bulkhead). Baseline: /video at half its capacity, /summary
/// at 100 a second; then /video at 3x its capacity. Contrast: the same without the video bulkhead.
/// </summary>
public sealed class BulkheadIsolatesOverloadClaim : IClaim
{
    private const int PermitLimit = 8;
    private const int SummaryRate = 100;
    private static readonly TimeSpan VideoLatency = TimeSpan.FromMilliseconds(200);
    private static readonly int Capacity = (int)(PermitLimit / VideoLatency.TotalSeconds);

    public string Name => "07-bulkhead-isolates";

    public string Chapter => "07";

    public string Statement =>
        "The video service is driven at 3x its capacity: GET /courses/{id}/summary keeps p99 <= 1.5x its baseline with < 0.1 % errors, "
        + "and the calls the video bulkhead turns away are fast (p99 < 10 ms) 503 problem+json answers.";

    public async Task<ClaimResult> RunAsync(ClaimContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var warmUp = context.Duration(TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(0.25));
        var baseline = context.Duration(TimeSpan.FromSeconds(11), TimeSpan.FromSeconds(0.5));
        var overload = context.Duration(TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(1));
        var bulkhead = CoursePageLoad.Settings(context)
            .WithServer(server => server.MaxConcurrentRequests = 16)
            .WithVideo(video => video.Bulkhead.PermitLimit = PermitLimit);
        var noBulkhead = bulkhead.WithVideo(video => video.Bulkhead.Enabled = false);
        using var videoHttp = CoursePageLoad.Client();
        using var summaryHttp = CoursePageLoad.Client();
        var systems = new List<CoursePageSystem>();

        var pair = await context.RunPairAsync(
            (withPattern, cancellationToken) => CoursePageSystem.StartAsync(withPattern ? bulkhead : noBulkhead, cancellationToken),
            system =>
            {
                systems.Add(system);
                system.Video.Map(DependencyAnswers.VideoPath, DependencyAnswers.Manifest.WithLatency(VideoLatency));
                return new RunPlan(
                    [
                        CoursePageLoad.Get("video", videoHttp, system.Url("video"))
                            .WithWarmUpDuration(warmUp)
                            .WithLoadSimulations(
                                Simulation.Inject(Capacity / 2, TimeSpan.FromSeconds(1), baseline),
                                Simulation.Inject(3 * Capacity, TimeSpan.FromSeconds(1), overload)),
                        CoursePageLoad.Get("summary-baseline", summaryHttp, system.Url("summary"))
                            .WithWarmUpDuration(warmUp)
                            .WithLoadSimulations(Simulation.Inject(SummaryRate, TimeSpan.FromSeconds(1), baseline))
                            .WithThresholds(Threshold.Parse("rate<0.001")),
                        CoursePageLoad.Get("summary-under-overload", summaryHttp, system.Url("summary"))
                            .WithWarmUpDuration(warmUp)
                            .WithLoadSimulations(Simulation.Pause(baseline), Simulation.Inject(SummaryRate, TimeSpan.FromSeconds(1), overload))
                            .WithThresholds(Threshold.Parse("rate<0.001")),
                    ],
                    // The overload is the load simulation's own second phase; the plan only marks it.
                    FaultPlan.None.Mark(baseline, $"video traffic to 3x capacity ({3 * Capacity}/s)"));
            });

        var (run, contrastRun) = (pair.WithPattern, pair.WithoutPattern);
        var video = CoursePageLoad.FinalReport(systems[0]).Dependencies["video"];
        var baselineP99 = run.Scenario("summary-baseline").Stats.Ok.Latency.P99Ms;
        var overloadP99 = run.Scenario("summary-under-overload").Stats.Ok.Latency.P99Ms;
        context.CheckTiming("summary p99 during the overload is at most 1.5x its baseline", overloadP99 <= 1.5 * baselineP99,
            $"baseline p99 {baselineP99:0.00} ms, during the overload {overloadP99:0.00} ms ({overloadP99 / baselineP99:0.00}x)");
        var contrastBaseline = contrastRun.Scenario("summary-baseline").Stats.Ok.Latency.P99Ms;
        var contrastOverload = contrastRun.Scenario("summary-under-overload").Stats;
        context.CheckTiming("contrast: without the bulkhead, summary p99 during the overload exceeds 1.5x its baseline",
            contrastOverload.Ok.Latency.P99Ms > 1.5 * contrastBaseline,
            $"baseline p99 {contrastBaseline:0.00} ms, during the overload {contrastOverload.Ok.Latency.P99Ms:0} ms, "
            + $"{contrastOverload.FailRate:P2} errors");

        CoursePageLoad.CheckFast(context, run, "video", "bulkhead-full", TimeSpan.FromMilliseconds(10));
        var videoCodes = run.Scenario("video").Stats.StatusCodes;
        var rejected = videoCodes.GetValueOrDefault("503 bulkhead-full");
        var otherFailures = CoursePageLoad.Unexpected(run.Scenario("video").Stats, "200", "503 bulkhead-full").ToArray();
        context.Check("the video calls turned away were 503 problem+json bulkhead-full, and nothing else failed",
            rejected > 0 && otherFailures.Length == 0 && video.Calls.RejectedByBulkhead >= rejected,
            $"{rejected:N0} x 503 bulkhead-full ({video.Calls.RejectedByBulkhead:N0} counted by the service, warm-up included), "
            + $"{videoCodes.GetValueOrDefault("200"):N0} x 200"
            + (otherFailures.Length == 0 ? "" : ", other: " + string.Join(", ", otherFailures)));
        return context.Complete();
    }
}
