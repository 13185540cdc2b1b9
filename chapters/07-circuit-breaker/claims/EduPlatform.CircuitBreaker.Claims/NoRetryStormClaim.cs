using System.Collections.Concurrent;
using EduPlatform.CoursePage.Resilience;
using EduPlatform.CoursePage.Testing;
using EduPlatform.Harness.Faults;
using EduPlatform.Load;
using EduPlatform.Load.Proving;

namespace EduPlatform.CircuitBreaker.Claims;

/// <summary>
/// What retries do to a dependency that fails every call. With backoff, jitter and the breaker (the default pipeline
/// minus the bulkhead, which would cap the retries by itself), the breaker stops the retries within seconds; naive
/// retries (immediately, up to 3 times) and no breaker send 4 attempts for every call. "Load arriving" is the stub's
/// journal; "offered" is the calls this generator made to the course page, both counted from the moment the failure began.
/// </summary>
public sealed class NoRetryStormClaim : IClaim
{
    private const int Rate = 50;
    private const string Failing = "video service fails every call (500)";

    public string Name => "07-no-retry-storm";

    public string Chapter => "07";

    public string Statement =>
        "While the video service fails every call, retries with backoff and jitter behind a breaker keep the load arriving at it "
        + "at most 1.2x the load offered; naive retries without a breaker amplify it 3-4x.";

    public async Task<ClaimResult> RunAsync(ClaimContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var warmUp = context.Duration(TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(0.25));
        var baseline = context.Duration(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(0.5));
        var failing = context.Duration(TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(1));
        var jitterAndBreaker = CoursePageLoad.Settings(context)
            .WithVideo(video => video.Bulkhead.Enabled = false)
            .WithServer(server => server.MaxConcurrentRequests = 256);
        var naive = jitterAndBreaker.WithVideo(video =>
        {
            video.Retry.Mode = RetryMode.Naive;
            video.CircuitBreaker.Enabled = false;
        });
        using var http = CoursePageLoad.Client();
        var storms = new List<(CoursePageSystem System, DependencyFault Failure, ConcurrentQueue<DateTimeOffset> Offered)>();

        var pair = await context.RunPairAsync(
            (withPattern, cancellationToken) => CoursePageSystem.StartAsync(withPattern ? jitterAndBreaker : naive, cancellationToken),
            system =>
            {
                system.Video.Map(DependencyAnswers.VideoPath, DependencyAnswers.Manifest);
                var failure = new DependencyFault(system.Video, DependencyAnswers.VideoPath, StubBehavior.Status(500));
                var offered = new ConcurrentQueue<DateTimeOffset>();
                storms.Add((system, failure, offered));
                var video = system.Url("video");
                var scenario = Scenario.Create("video", ctx =>
                    {
                        if (!ctx.IsWarmUp)
                        {
                            offered.Enqueue(system.Video.Clock.GetUtcNow());
                        }

                        return CoursePageLoad.GetOnce(http, video, ctx);
                    })
                    .WithWarmUpDuration(warmUp)
                    .WithLoadSimulations(Simulation.Inject(Rate, TimeSpan.FromSeconds(1), baseline + failing));
                return new RunPlan([scenario], FaultPlan.None.At(baseline, Failing, failure.ApplyAsync));
            });

        var (storm, naiveStorm) = (Amplification.Measure(pair.WithPattern, storms[0]), Amplification.Measure(pair.WithoutPattern, storms[1]));
        context.CheckTiming("with backoff, jitter and the breaker, load arriving is at most 1.2x the load offered", storm.Ratio <= 1.2,
            storm.Describe());
        context.CheckTiming("with naive retries and no breaker, load arriving is 3-4x the load offered", naiveStorm.Ratio is >= 3 and <= 4,
            naiveStorm.Describe());
        var unexpected = CoursePageLoad.Unexpected(storm.Run.Scenario("video").Stats, "200", "502 bad-gateway", "503 circuit-open")
            .Concat(CoursePageLoad.Unexpected(naiveStorm.Run.Scenario("video").Stats, "200", "502 bad-gateway")).ToArray();
        context.Check("every answer was 200, 502 bad-gateway or (with the breaker) 503 circuit-open problem+json", unexpected.Length == 0,
            unexpected.Length == 0 ? "none other" : string.Join(", ", unexpected));
        return context.Complete();
    }

    /// <summary>Requests that reached the dependency per call offered, over the failure and second by second.</summary>
    private sealed record Amplification(RunResult Run, long Offered, long Arrived, double PeakSecondRatio, int PeakSecond)
    {
        public double Ratio => Offered == 0 ? double.NaN : (double)Arrived / Offered;

        public static Amplification Measure(RunResult run, (CoursePageSystem System, DependencyFault Failure, ConcurrentQueue<DateTimeOffset> Offered) storm)
        {
            var failingFrom = storm.Failure.At;
            var offeredDuring = storm.Offered.Where(at => at >= failingFrom).ToArray();
            var arrivedDuring = storm.System.Video.Journal.For(DependencyAnswers.VideoPath)
                .Where(r => r.ReceivedAt >= failingFrom).Select(r => r.ReceivedAt).ToArray();
            var perSecond = offeredDuring.GroupBy(at => (int)(at - failingFrom).TotalSeconds)
                .Select(second => (Second: second.Key, Ratio: (double)arrivedDuring.Count(at => (int)(at - failingFrom).TotalSeconds == second.Key) / second.Count()))
                .OrderByDescending(s => s.Ratio)
                .FirstOrDefault();
            return new Amplification(run, offeredDuring.Length, arrivedDuring.Length, perSecond.Ratio, perSecond.Second);
        }

        public string Describe() =>
            $"{Arrived:N0} requests reached the service for {Offered:N0} calls offered while it failed: {Ratio:0.00}x (peak second {PeakSecondRatio:0.00}x, at +{PeakSecond} s)";
    }
}
