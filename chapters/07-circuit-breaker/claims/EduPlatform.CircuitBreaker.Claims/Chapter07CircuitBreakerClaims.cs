using System.Collections.Concurrent;
using EduPlatform.Harness.Faults;
using EduPlatform.Load;
using EduPlatform.CircuitBreaker.Claims;
using EduPlatform.Load.Proving;

namespace EduPlatform.CircuitBreaker.Claims;

// Chapter 07: timeouts, circuit breaker, bulkhead and retries in front of the course page's two dependencies.
// The course page runs as its own dotnet process (so it never shares a thread pool with the load generator); its
// video and payment services are harness DownstreamStubs in this process, whose timelines make them slow, fail and
// heal. The stubs do little work (at most a few hundred trivial answers a second), and the engine's generator-health
// check would flag it if they slowed the generator down. Each claim runs the same load twice, against an instance
// with the mechanism and one without (the contrast), both started before the first run.
// What a claim measures besides latency comes from the service's /diagnostics/resilience (breaker transitions, call
// counters) and the stub's journal (every request that reached the dependency, stamped on arrival).

/// <summary>
/// The cascade of the chapter's story, and what stops it. The course page has a worker budget of 32 requests at once,
/// all endpoints together. While /price takes 20 requests a second the payment service slows to 2 s: without timeouts
/// that needs 40 workers, the budget runs out, and /summary (an in-memory lookup) queues behind payment calls. With the
/// 1 s attempt timeout a payment call holds a worker for at most 1 s (20 in use), and once the breaker opens, for
/// microseconds. Retries and the bulkhead are off in both runs, so the two differ by timeouts and breaker alone
/// (retries would multiply the time a slow call holds a worker; the bulkhead would protect /summary by itself: that is
/// <see cref="BulkheadIsolatesOverloadClaim"/>).
/// </summary>
public sealed class SlowDependencyDoesNotCascadeClaim : IClaim
{
    private const int PriceRate = 20;
    private const int SummaryRate = 100;
    private static readonly TimeSpan SlowPayments = TimeSpan.FromSeconds(2);

    public string Name => "07-no-cascade";

    public string Chapter => "07";

    public string Statement =>
        "The payment service slows to 2 s. With timeouts and the breaker on its calls, GET /courses/{id}/summary (which never calls it) "
        + "keeps p99 < 50 ms and at most 2x its baseline; without them its p99 exceeds 1 s.";

    public async Task<ClaimResult> RunAsync(ClaimContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var warmUp = context.Duration(TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(0.25));
        var baseline = context.Duration(TimeSpan.FromSeconds(11), TimeSpan.FromSeconds(0.5));
        var slow = context.Duration(TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(1));
        var timeoutsAndBreaker = new Dictionary<string, string?>
        {
            ["Resilience:Payments:Retry:Mode"] = "None",
            ["Resilience:Payments:Bulkhead:Enabled"] = "false",
        };
        var neither = new Dictionary<string, string?>(timeoutsAndBreaker)
        {
            ["Resilience:Payments:Timeouts:Enabled"] = "false",
            ["Resilience:Payments:CircuitBreaker:Enabled"] = "false",
        };
        await using var pair = await CoursePagePair.StartAsync(timeoutsAndBreaker, neither, context.CancellationToken);
        using var priceHttp = CoursePageUnderLoad.LoadClient();
        using var summaryHttp = CoursePageUnderLoad.LoadClient();

        async Task<RunResult> RunAgainstAsync(CoursePageUnderLoad sut, bool contrast)
        {
            var slowFrom = DateTimeOffset.UtcNow + warmUp + baseline;
            sut.Payments.Map(CoursePageUnderLoad.PricePath, StubTimeline.Start(CoursePageUnderLoad.Price, warmUp + baseline)
                .ThenForever(CoursePageUnderLoad.Price.WithLatency(SlowPayments)));
            ScenarioProps[] scenarios =
            [
                CoursePageUnderLoad.Get("price", priceHttp, sut.Url("price"))
                    .WithWarmUpDuration(warmUp)
                    .WithLoadSimulations(Simulation.Inject(PriceRate, TimeSpan.FromSeconds(1), baseline + slow)),
                CoursePageUnderLoad.Get("summary-baseline", summaryHttp, sut.Url("summary"))
                    .WithWarmUpDuration(warmUp)
                    .WithLoadSimulations(Simulation.Inject(SummaryRate, TimeSpan.FromSeconds(1), baseline))
                    .WithThresholds(Threshold.Parse("rate<0.001")),
                CoursePageUnderLoad.Get("summary-under-slow-payments", summaryHttp, sut.Url("summary"))
                    .WithWarmUpDuration(warmUp)
                    .WithLoadSimulations(Simulation.Pause(baseline), Simulation.Inject(SummaryRate, TimeSpan.FromSeconds(1), slow))
                    .WithThresholds(Threshold.Parse("p(99)<50"), Threshold.Parse("rate<0.001")),
            ];
            return await FaultEvents.RunMarkingAsync(context, contrast, scenarios, (slowFrom, "payments slowed to 2 s"));
        }

        var run = await RunAgainstAsync(pair.With, contrast: false);
        var payments = (await pair.With.DiagnosticsAsync(context.CancellationToken)).Dependencies["payments"];
        var contrastRun = await RunAgainstAsync(pair.Without, contrast: true);

        var baselineP99 = run.Scenario("summary-baseline").Stats.Ok.Latency.P99Ms;
        var slowP99 = run.Scenario("summary-under-slow-payments").Stats.Ok.Latency.P99Ms;
        context.CheckTiming("summary p99 while payments is slow is at most 2x its baseline", slowP99 <= 2 * baselineP99,
            $"baseline p99 {baselineP99:0.00} ms, while slow {slowP99:0.00} ms ({Ratio(slowP99, baselineP99)})");
        var contrastStats = contrastRun.Scenario("summary-under-slow-payments").Stats;
        context.CheckTiming("without timeouts and breaker, summary p99 exceeds 1 s", contrastStats.Ok.Latency.P99Ms > 1000,
            $"p99 {contrastStats.Ok.Latency.P99Ms:0} ms (baseline {contrastRun.Scenario("summary-baseline").Stats.Ok.Latency.P99Ms:0.00} ms), "
            + $"{contrastStats.Fail.Count:N0} failed");
        context.Check("the slow payment calls were cut by the attempt timeout", payments.Calls.AttemptTimeouts > 0,
            $"{payments.Calls.AttemptTimeouts:N0} attempts cut at 1 s, circuit opened {payments.Circuit.Opened} time(s), "
            + $"{payments.Calls.RejectedByCircuit:N0} calls rejected while open");
        return context.Complete();
    }

    private static string Ratio(double value, double reference) =>
        reference > 0 ? $"{value / reference:0.00}x" : "n/a";
}

/// <summary>
/// The breaker's life cycle under steady traffic: healthy, then every call to the video service fails, then it heals.
/// The default pipeline minus the bulkhead (not this claim's subject), with the worker budget raised out of the way so
/// that queueing for workers cannot blur the breaker's figures. The latency of rejected calls is measured on a second
/// stream of requests that arrive while the circuit is open (from 5 s after the failure began, when the claim says it
/// must be open, until the service heals): a call that was already retrying when the circuit opened is answered
/// "circuit open" too, but only after the attempts and backoff it made first.
/// Contrast: the same without the breaker.
/// </summary>
public sealed class BreakerTripsShedsAndRecoversClaim : IClaim
{
    private const int Rate = 50;
    private const int WhileOpenRate = 100;
    private const string Failing = "video service fails every call (500)";
    private const string Healed = "video service healed";

    public string Name => "07-trip-shed-recover";

    public string Chapter => "07";

    public string Statement =>
        "The video service starts failing every call: the breaker opens within 5 s, calls reaching the video service drop by at least 90 % "
        + "while it is open, rejected calls are answered with p99 < 5 ms; once the service heals the breaker closes within 6 s and "
        + "success is back to at least 99 % within 10 s.";

    public async Task<ClaimResult> RunAsync(ClaimContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var warmUp = context.Duration(TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(0.25));
        var baseline = context.Duration(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(0.5));
        var failing = context.Duration(TimeSpan.FromSeconds(16), TimeSpan.FromSeconds(1));
        var healed = context.Duration(TimeSpan.FromSeconds(13), TimeSpan.FromSeconds(0.5));
        var openBy = context.Duration(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(0.5));
        var breaker = new Dictionary<string, string?>
        {
            ["Resilience:Video:Bulkhead:Enabled"] = "false",
            ["Server:MaxConcurrentRequests"] = "256",
        };
        var noBreaker = new Dictionary<string, string?>(breaker) { ["Resilience:Video:CircuitBreaker:Enabled"] = "false" };
        await using var pair = await CoursePagePair.StartAsync(breaker, noBreaker, context.CancellationToken);
        using var http = CoursePageUnderLoad.LoadClient();
        using var whileOpenHttp = CoursePageUnderLoad.LoadClient();

        async Task<(RunResult Run, DateTimeOffset FailingFrom)> RunAgainstAsync(CoursePageUnderLoad sut, bool contrast)
        {
            var failingFrom = DateTimeOffset.UtcNow + warmUp + baseline;
            sut.Video.Map(CoursePageUnderLoad.VideoPath, StubTimeline.Start(CoursePageUnderLoad.Manifest, warmUp + baseline)
                .Then(StubBehavior.Status(500), failing)
                .ThenForever(CoursePageUnderLoad.Manifest));
            ScenarioProps[] scenarios =
            [
                CoursePageUnderLoad.Get("video", http, sut.Url("video"))
                    .WithWarmUpDuration(warmUp)
                    .WithLoadSimulations(Simulation.Inject(Rate, TimeSpan.FromSeconds(1), baseline + failing + healed)),
                CoursePageUnderLoad.Get("video-while-open", whileOpenHttp, sut.Url("video"))
                    .WithLoadSimulations(
                        Simulation.Pause(baseline + openBy),
                        Simulation.Inject(WhileOpenRate, TimeSpan.FromSeconds(1), failing - openBy)),
            ];
            var run = await FaultEvents.RunMarkingAsync(context, contrast, scenarios,
                (failingFrom, Failing), (failingFrom + failing, Healed));
            return (run, failingFrom);
        }

        var (run, failingFrom) = await RunAgainstAsync(pair.With, contrast: false);
        var healedAt = failingFrom + failing;
        var circuit = (await pair.With.DiagnosticsAsync(context.CancellationToken)).Dependencies["video"].Circuit;
        var (contrastRun, contrastFailingFrom) = await RunAgainstAsync(pair.Without, contrast: true);

        var opened = circuit.RecentTransitions.FirstOrDefault(t => t.To == "Open" && t.At >= failingFrom && t.At < healedAt);
        var closed = circuit.RecentTransitions.FirstOrDefault(t => t.To == "Closed" && t.At >= healedAt);
        context.CheckTiming("the breaker opened within 5 s of the first failure",
            opened is not null && opened.At - failingFrom <= TimeSpan.FromSeconds(5),
            opened is null ? "it never opened" : $"opened {(opened.At - failingFrom).TotalSeconds:0.00} s after the service began failing");

        var journal = pair.With.Video.Journal.For(CoursePageUnderLoad.VideoPath);
        var measuredFrom = failingFrom - TimeSpan.FromSeconds(run.Events.First(e => e.Name == Failing).AtSeconds);
        var beforeRate = RatePerSecond(journal, measuredFrom, failingFrom);
        var openUntil = closed?.At ?? healedAt;
        var whileOpenRate = opened is null ? double.NaN : RatePerSecond(journal, opened.At, openUntil);
        var contrastJournal = pair.Without.Video.Journal.For(CoursePageUnderLoad.VideoPath);
        var contrastFailingRate = RatePerSecond(contrastJournal, contrastFailingFrom, contrastFailingFrom + failing);
        context.CheckTiming("calls reaching the video service drop by at least 90 % while the circuit is open",
            whileOpenRate <= 0.1 * beforeRate,
            $"{beforeRate:0.0}/s before the failure, {whileOpenRate:0.00}/s while open ({1 - (whileOpenRate / beforeRate):P1} fewer); "
            + $"without the breaker {contrastFailingRate:0.0}/s while failing");

        CoursePageAnswer.CheckFast(context, run, "video-while-open", "circuit-open", TimeSpan.FromMilliseconds(5));

        context.CheckTiming("the breaker closed within 6 s of the service healing",
            closed is not null && closed.At - healedAt <= TimeSpan.FromSeconds(6),
            closed is null ? "it never closed" : $"closed {(closed.At - healedAt).TotalSeconds:0.00} s after the service healed");

        var (recovery, tailOkRate, tailSeconds) = Recovery(run, Healed, TimeSpan.FromSeconds(10));
        context.CheckTiming("success is back to at least 99 % within 10 s of healing, and stays there",
            recovery <= TimeSpan.FromSeconds(10) && tailSeconds > 0,
            $"every second from {recovery.TotalSeconds:0} s after healing on had >= 99 % success; "
            + $"{tailOkRate:P2} over the {tailSeconds} s after the first 10");

        var allowed = new[] { "200", "502 bad-gateway", "503 circuit-open" };
        var unexpected = run.Scenarios.Concat(contrastRun.Scenarios)
            .SelectMany(scenario => CoursePageAnswer.Unexpected(scenario.Stats, allowed)).ToArray();
        context.Check("every answer was 200, 502 bad-gateway or 503 circuit-open problem+json", unexpected.Length == 0,
            unexpected.Length == 0 ? "none other" : string.Join(", ", unexpected));
        return context.Complete();
    }

    /// <summary>
    /// How long after <paramref name="healedEvent"/> until every later second had at least 99 % ok iterations, and the ok
    /// rate over the seconds after <paramref name="grace"/>.
    /// </summary>
    private static (TimeSpan Recovery, double TailOkRate, int TailSeconds) Recovery(RunResult run, string healedEvent, TimeSpan grace)
    {
        var healedAt = run.Events.First(e => e.Name == healedEvent).AtSeconds;
        var after = run.Scenario("video").Intervals.Where(i => i.AtSeconds > healedAt && i.Ok + i.Fail > 0).ToArray();
        var lastBad = after.LastOrDefault(i => i.Ok < 0.99 * (i.Ok + i.Fail));
        var recovery = TimeSpan.FromSeconds(lastBad is null ? 0 : lastBad.AtSeconds - healedAt);
        var tail = after.Where(i => i.AtSeconds - 1 >= healedAt + grace.TotalSeconds).ToArray();
        var tailCompleted = tail.Sum(i => i.Ok + i.Fail);
        return (recovery, tailCompleted == 0 ? 0 : (double)tail.Sum(i => i.Ok) / tailCompleted, tail.Length);
    }

    private static double RatePerSecond(IReadOnlyList<StubRequest> journal, DateTimeOffset from, DateTimeOffset until) =>
        until <= from ? double.NaN : journal.Count(r => r.ReceivedAt >= from && r.ReceivedAt < until) / (until - from).TotalSeconds;
}

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
        var bulkhead = new Dictionary<string, string?>
        {
            ["Server:MaxConcurrentRequests"] = "16",
            ["Resilience:Video:Bulkhead:PermitLimit"] = $"{PermitLimit}",
        };
        var noBulkhead = new Dictionary<string, string?>(bulkhead) { ["Resilience:Video:Bulkhead:Enabled"] = "false" };
        await using var pair = await CoursePagePair.StartAsync(bulkhead, noBulkhead, context.CancellationToken);
        using var videoHttp = CoursePageUnderLoad.LoadClient();
        using var summaryHttp = CoursePageUnderLoad.LoadClient();

        async Task<RunResult> RunAgainstAsync(CoursePageUnderLoad sut, bool contrast)
        {
            var overloadFrom = DateTimeOffset.UtcNow + warmUp + baseline;
            sut.Video.Map(CoursePageUnderLoad.VideoPath, CoursePageUnderLoad.Manifest.WithLatency(VideoLatency));
            ScenarioProps[] scenarios =
            [
                CoursePageUnderLoad.Get("video", videoHttp, sut.Url("video"))
                    .WithWarmUpDuration(warmUp)
                    .WithLoadSimulations(
                        Simulation.Inject(Capacity / 2, TimeSpan.FromSeconds(1), baseline),
                        Simulation.Inject(3 * Capacity, TimeSpan.FromSeconds(1), overload)),
                CoursePageUnderLoad.Get("summary-baseline", summaryHttp, sut.Url("summary"))
                    .WithWarmUpDuration(warmUp)
                    .WithLoadSimulations(Simulation.Inject(SummaryRate, TimeSpan.FromSeconds(1), baseline))
                    .WithThresholds(Threshold.Parse("rate<0.001")),
                CoursePageUnderLoad.Get("summary-under-overload", summaryHttp, sut.Url("summary"))
                    .WithWarmUpDuration(warmUp)
                    .WithLoadSimulations(Simulation.Pause(baseline), Simulation.Inject(SummaryRate, TimeSpan.FromSeconds(1), overload))
                    .WithThresholds(Threshold.Parse("rate<0.001")),
            ];
            return await FaultEvents.RunMarkingAsync(context, contrast, scenarios,
                (overloadFrom, $"video traffic to 3x capacity ({3 * Capacity}/s)"));
        }

        var run = await RunAgainstAsync(pair.With, contrast: false);
        var video = (await pair.With.DiagnosticsAsync(context.CancellationToken)).Dependencies["video"];
        var contrastRun = await RunAgainstAsync(pair.Without, contrast: true);

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

        CoursePageAnswer.CheckFast(context, run, "video", "bulkhead-full", TimeSpan.FromMilliseconds(10));
        var videoCodes = run.Scenario("video").Stats.StatusCodes;
        var rejected = videoCodes.GetValueOrDefault("503 bulkhead-full");
        var otherFailures = CoursePageAnswer.Unexpected(run.Scenario("video").Stats, "200", "503 bulkhead-full").ToArray();
        context.Check("the video calls turned away were 503 problem+json bulkhead-full, and nothing else failed",
            rejected > 0 && otherFailures.Length == 0 && video.Calls.RejectedByBulkhead >= rejected,
            $"{rejected:N0} x 503 bulkhead-full ({video.Calls.RejectedByBulkhead:N0} counted by the service, warm-up included), "
            + $"{videoCodes.GetValueOrDefault("200"):N0} x 200"
            + (otherFailures.Length == 0 ? "" : ", other: " + string.Join(", ", otherFailures)));
        return context.Complete();
    }
}

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
        var jitterAndBreaker = new Dictionary<string, string?>
        {
            ["Resilience:Video:Bulkhead:Enabled"] = "false",
            ["Server:MaxConcurrentRequests"] = "256",
        };
        var naive = new Dictionary<string, string?>(jitterAndBreaker)
        {
            ["Resilience:Video:Retry:Mode"] = "Naive",
            ["Resilience:Video:CircuitBreaker:Enabled"] = "false",
        };
        await using var pair = await CoursePagePair.StartAsync(jitterAndBreaker, naive, context.CancellationToken);
        using var http = CoursePageUnderLoad.LoadClient();

        async Task<Amplification> RunAgainstAsync(CoursePageUnderLoad sut, bool contrast)
        {
            var failingFrom = DateTimeOffset.UtcNow + warmUp + baseline;
            sut.Video.Map(CoursePageUnderLoad.VideoPath, StubTimeline.Start(CoursePageUnderLoad.Manifest, warmUp + baseline)
                .ThenForever(StubBehavior.Status(500)));
            var offered = new ConcurrentQueue<DateTimeOffset>();
            var video = sut.Url("video");
            var scenario = Scenario.Create("video", ctx =>
                {
                    if (!ctx.IsWarmUp)
                    {
                        offered.Enqueue(DateTimeOffset.UtcNow);
                    }

                    return CoursePageUnderLoad.GetOnce(http, video, ctx);
                })
                .WithWarmUpDuration(warmUp)
                .WithLoadSimulations(Simulation.Inject(Rate, TimeSpan.FromSeconds(1), baseline + failing));
            var run = await FaultEvents.RunMarkingAsync(context, contrast, [scenario], (failingFrom, Failing));
            return Amplification.Measure(run, failingFrom, [.. offered], sut.Video.Journal.For(CoursePageUnderLoad.VideoPath));
        }

        var storm = await RunAgainstAsync(pair.With, contrast: false);
        var naiveStorm = await RunAgainstAsync(pair.Without, contrast: true);

        context.CheckTiming("with backoff, jitter and the breaker, load arriving is at most 1.2x the load offered", storm.Ratio <= 1.2,
            storm.Describe());
        context.CheckTiming("with naive retries and no breaker, load arriving is 3-4x the load offered", naiveStorm.Ratio is >= 3 and <= 4,
            naiveStorm.Describe());
        var unexpected = CoursePageAnswer.Unexpected(storm.Run.Scenario("video").Stats, "200", "502 bad-gateway", "503 circuit-open")
            .Concat(CoursePageAnswer.Unexpected(naiveStorm.Run.Scenario("video").Stats, "200", "502 bad-gateway")).ToArray();
        context.Check("every answer was 200, 502 bad-gateway or (with the breaker) 503 circuit-open problem+json", unexpected.Length == 0,
            unexpected.Length == 0 ? "none other" : string.Join(", ", unexpected));
        return context.Complete();
    }

    /// <summary>Requests that reached the dependency per call offered, over the failure and second by second.</summary>
    private sealed record Amplification(RunResult Run, long Offered, long Arrived, double PeakSecondRatio, int PeakSecond)
    {
        public double Ratio => Offered == 0 ? double.NaN : (double)Arrived / Offered;

        public static Amplification Measure(RunResult run, DateTimeOffset failingFrom, DateTimeOffset[] offered, IReadOnlyList<StubRequest> arrived)
        {
            var offeredDuring = offered.Where(at => at >= failingFrom).ToArray();
            var arrivedDuring = arrived.Where(r => r.ReceivedAt >= failingFrom).Select(r => r.ReceivedAt).ToArray();
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
