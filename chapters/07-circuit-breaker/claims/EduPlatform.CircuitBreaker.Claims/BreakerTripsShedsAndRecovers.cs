using EduPlatform.CoursePage.Resilience;
using EduPlatform.CoursePage.Testing;
using EduPlatform.Harness.Faults;
using EduPlatform.Load;
using EduPlatform.Load.Proving;

namespace EduPlatform.CircuitBreaker.Claims;

/// <summary>
/// The breaker's life cycle under steady traffic: healthy, then every call to the video service fails, then it heals.
/// The default pipeline minus the bulkhead (not this claim's subject), with the worker budget raised out of the way so
/// that queueing for workers cannot blur the breaker's figures. The latency of rejected calls is measured on a second
/// stream of requests that arrive while the circuit is open (from 5 s after the failure began, when the claim says it
/// must be open, until the service heals): a call that was already retrying when the circuit opened is answered
/// "circuit open" too, but only after the attempts and backoff it made first.
/// Contrast: the same without the breaker.
/// </summary>
/// <remarks>
/// One claim, two breakers: <see cref="PollyBreakerTripsShedsAndRecoversClaim"/> runs it with Polly's and
/// <see cref="WorkbookBreakerTripsShedsAndRecoversClaim"/> with the chapter's own, same load, same thresholds, same checks.
/// </remarks>
public abstract class BreakerTripsShedsAndRecovers : IClaim
{
    private const int Rate = 50;
    private const int WhileOpenRate = 100;
    private const string Failing = "video service fails every call (500)";
    private const string Healed = "video service healed";

    public abstract string Name { get; }

    public string Chapter => "07";

    public string Statement =>
        $"The video service starts failing every call: {BreakerName} opens within 5 s, calls reaching the video service drop by at least 90 % "
        + "while it is open, rejected calls are answered with p99 < 5 ms; once the service heals the breaker closes within 6 s and "
        + "success is back to at least 99 % within 10 s.";

    /// <summary>Whose breaker the course page's video pipeline holds.</summary>
    protected abstract CircuitBreakerImplementation Breaker { get; }

    /// <summary>The breaker as the statement names it.</summary>
    protected abstract string BreakerName { get; }

    public async Task<ClaimResult> RunAsync(ClaimContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var warmUp = context.Duration(TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(0.25));
        var baseline = context.Duration(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(0.5));
        var failing = context.Duration(TimeSpan.FromSeconds(16), TimeSpan.FromSeconds(1));
        var healed = context.Duration(TimeSpan.FromSeconds(13), TimeSpan.FromSeconds(0.5));
        var openBy = context.Duration(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(0.5));
        var breaker = CoursePageLoad.Settings(context)
            .WithBreaker(Breaker)
            .WithVideo(video => video.Bulkhead.Enabled = false)
            .WithServer(server => server.MaxConcurrentRequests = 256);
        var noBreaker = breaker.WithVideo(video => video.CircuitBreaker.Enabled = false);
        using var http = CoursePageLoad.Client();
        using var whileOpenHttp = CoursePageLoad.Client();
        var outages = new List<(CoursePageSystem System, DependencyFault Failure, DependencyFault Healing)>();

        var pair = await context.RunPairAsync(
            (withPattern, cancellationToken) => CoursePageSystem.StartAsync(withPattern ? breaker : noBreaker, cancellationToken),
            system =>
            {
                system.Video.Map(DependencyAnswers.VideoPath, DependencyAnswers.Manifest);
                var failure = new DependencyFault(system.Video, DependencyAnswers.VideoPath, StubBehavior.Status(500));
                var healing = new DependencyFault(system.Video, DependencyAnswers.VideoPath, DependencyAnswers.Manifest);
                outages.Add((system, failure, healing));
                return new RunPlan(
                    [
                        CoursePageLoad.Get("video", http, system.Url("video"))
                            .WithWarmUpDuration(warmUp)
                            .WithLoadSimulations(Simulation.Inject(Rate, TimeSpan.FromSeconds(1), baseline + failing + healed)),
                        CoursePageLoad.Get("video-while-open", whileOpenHttp, system.Url("video"))
                            .WithLoadSimulations(
                                Simulation.Pause(baseline + openBy),
                                Simulation.Inject(WhileOpenRate, TimeSpan.FromSeconds(1), failing - openBy)),
                    ],
                    FaultPlan.None.At(baseline, Failing, failure.ApplyAsync).At(baseline + failing, Healed, healing.ApplyAsync));
            });

        var (run, contrastRun) = (pair.WithPattern, pair.WithoutPattern);
        var (with, without) = (outages[0], outages[1]);
        var (failingFrom, healedAt) = (with.Failure.At, with.Healing.At);
        var circuit = CoursePageLoad.FinalReport(with.System).Dependencies["video"].Circuit;
        var opened = circuit.RecentTransitions.FirstOrDefault(t => t.To == "Open" && t.At >= failingFrom && t.At < healedAt);
        var closed = circuit.RecentTransitions.FirstOrDefault(t => t.To == "Closed" && t.At >= healedAt);
        context.CheckTiming("the breaker opened within 5 s of the first failure",
            opened is not null && opened.At - failingFrom <= TimeSpan.FromSeconds(5),
            opened is null ? "it never opened" : $"opened {(opened.At - failingFrom).TotalSeconds:0.00} s after the service began failing");

        var journal = with.System.Video.Journal.For(DependencyAnswers.VideoPath);
        var measuredFrom = failingFrom - TimeSpan.FromSeconds(run.Events.First(e => e.Name == Failing).AtSeconds);
        var beforeRate = CoursePageLoad.RatePerSecond(journal, measuredFrom, failingFrom);
        var openUntil = closed?.At ?? healedAt;
        var whileOpenRate = opened is null ? double.NaN : CoursePageLoad.RatePerSecond(journal, opened.At, openUntil);
        var contrastJournal = without.System.Video.Journal.For(DependencyAnswers.VideoPath);
        var contrastFailingRate = CoursePageLoad.RatePerSecond(contrastJournal, without.Failure.At, without.Healing.At);
        context.CheckTiming("calls reaching the video service drop by at least 90 % while the circuit is open",
            whileOpenRate <= 0.1 * beforeRate,
            $"{beforeRate:0.0}/s before the failure, {whileOpenRate:0.00}/s while open ({1 - (whileOpenRate / beforeRate):P1} fewer); "
            + $"without the breaker {contrastFailingRate:0.0}/s while failing");

        CoursePageLoad.CheckFast(context, run, "video-while-open", "circuit-open", TimeSpan.FromMilliseconds(5));

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
            .SelectMany(scenario => CoursePageLoad.Unexpected(scenario.Stats, allowed)).ToArray();
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
}
