using static EduPlatform.CircuitBreaker.CircuitState;
using static EduPlatform.CircuitBreaker.Tests.Breaker.Steps;

namespace EduPlatform.CircuitBreaker.Tests.Breaker;

/// <summary>
/// What a circuit breaker does, as a table of scenarios: calls that succeed, fail or are cancelled, clock moves, and
/// the states and rejections that must follow. <see cref="BreakerParityTests"/> plays every row against the workbook's
/// breaker and against Polly v8's, configured the same way.
/// </summary>
/// <remarks>
/// Most rows use <see cref="BreakerSettings.Small"/>: the circuit opens when at least 4 calls finished in the last
/// 10 s (ten 1 s buckets) and at least half of them failed; it stays open 5 s.
/// "Ok", "Fail", "Cancelled" place a call that must be admitted and finish it at once; "Begin"/"Finish" keep a call
/// in flight across other steps; "RejectedAsBroken" places a call that must be turned away without running.
/// </remarks>
public static class BreakerSpecification
{
    private static readonly BreakerSettings Small = BreakerSettings.Small;

    public static readonly IReadOnlyList<BreakerScenario> Scenarios =
    [
        // --- Closed: when does it open? ---
        new("a new breaker is closed and lets calls through", Small,
            Expect(Closed), Ok, Fail, Ok, Expect(Closed)),

        new("below the minimum throughput even 100% failures keep it closed", Small,
            Fails(3), Expect(Closed), Ok, Expect(Closed)),

        new("it opens once the minimum throughput is reached and the failure ratio meets the threshold (inclusive)", Small,
            Oks(2), Fail, Expect(Closed), Fail, Expect(Open), RejectedAsBroken),

        new("it stays closed while the failure ratio is below the threshold", Small,
            Oks(3), Fail, Fail, Expect(Closed), Fail, Expect(Open)),

        new("only a failure opens it: a success never does, even with the ratio past the threshold", Small,
            Fails(3), Ok, Expect(Closed), Fail, Expect(Open)),

        new("library defaults: 10% of at least 100 calls", BreakerSettings.LibraryDefaults,
            Oks(90), Fails(9), Ok, Expect(Closed), Fail, Expect(Closed), Fail, Expect(Open)),

        new("a cancelled call is not a failure: it counts as an answer and dilutes the ratio", Small,
            Cancelled, Cancelled, Fail, Expect(Closed), Fail, Expect(Open)),

        // --- The sampling window ---
        new("outcomes a full sampling duration old no longer count", Small,
            Fails(3), Wait(10), Fail, Expect(Closed), Fails(2), Expect(Closed), Fail, Expect(Open)),

        new("the window slides a bucket at a time: a failure 9.1 s old leaves with its bucket", Small,
            Fail, Wait(0.9), Fail, Wait(9.1), Fails(3), Expect(Closed), Fail, Expect(Open)),

        new("a bucket starts with the first outcome after the previous one ended, not on a fixed grid", Small,
            Wait(0.5), Fail, Wait(0.9), Fail, Wait(9.05), Fails(2), Expect(Open)),

        // --- Open: rejection, then one probe ---
        new("an open circuit rejects calls until the break duration has passed", Small,
            Fails(4), Expect(Open), Wait(4.9), RejectedAsBroken, Wait(0.1), Begin("probe"), Expect(HalfOpen),
            Finish("probe", CallOutcome.Success)),

        new("an open circuit reads Open until a call arrives after the break: there is no timer", Small,
            Fails(4), Wait(60), Expect(Open), Begin("probe"), Expect(HalfOpen), Finish("probe", CallOutcome.Success)),

        new("half-open admits exactly one probe: everyone else is rejected while it is in flight", Small,
            Fails(4), Wait(5), Begin("probe"), RejectedAsBroken, RejectedAsBroken, Expect(HalfOpen),
            Finish("probe", CallOutcome.Success), Expect(Closed), Ok),

        new("a successful probe closes the circuit and clears the window", Small,
            Fails(4), Wait(5), Begin("probe"), Finish("probe", CallOutcome.Success), Expect(Closed),
            Fails(3), Expect(Closed), Fail, Expect(Open)),

        new("a failed probe re-opens the circuit for a full break duration from the failure", Small,
            Fails(4), Wait(5), Begin("probe"), Wait(1), Finish("probe", CallOutcome.Failure), Expect(Open),
            Wait(4.9), RejectedAsBroken, Wait(0.1), Begin("second probe"), Finish("second probe", CallOutcome.Success),
            Expect(Closed)),

        new("a probe that never finishes keeps the circuit half-open: bound it with an attempt timeout", Small,
            Fails(4), Wait(5), Begin("probe"), Wait(60), RejectedAsBroken, Expect(HalfOpen),
            Finish("probe", CallOutcome.Success), Expect(Closed)),

        new("a cancelled probe counts as an answer and closes the circuit", Small,
            Fails(4), Wait(5), Begin("probe"), Finish("probe", CallOutcome.Cancelled), Expect(Closed)),

        // --- Late results from calls placed before the break ---
        new("a late failure does not stretch the break", Small,
            Begin("slow"), Fails(4), Expect(Open), Wait(3), Finish("slow", CallOutcome.Failure), Expect(Open),
            Wait(2), Begin("probe"), Expect(HalfOpen), Finish("probe", CallOutcome.Success)),

        new("a late success does not close an open circuit", Small,
            Begin("slow"), Fails(4), Finish("slow", CallOutcome.Success), Expect(Open), RejectedAsBroken),

        new("a late success while half-open closes the circuit, as the probe's would", Small,
            Begin("slow"), Fails(4), Wait(5), Begin("probe"), Finish("slow", CallOutcome.Success), Expect(Closed), Ok,
            Finish("probe", CallOutcome.Failure), Expect(Closed)),

        new("a late failure while half-open re-opens the circuit; the probe's later success cannot close it", Small,
            Begin("slow"), Fails(4), Wait(5), Begin("probe"), Finish("slow", CallOutcome.Failure), Expect(Open),
            RejectedAsBroken, Finish("probe", CallOutcome.Success), Expect(Open)),

        // --- Manual control ---
        new("isolate holds the circuit open whatever the time; close resets it", Small,
            Isolate, Expect(Isolated), RejectedAsIsolated, Wait(2 * 24 * 3600), RejectedAsIsolated, Expect(Isolated),
            Close, Expect(Closed), Fails(3), Expect(Closed)),

        new("outcomes arriving while isolated change nothing", Small,
            Begin("slow"), Fails(4), Isolate, Finish("slow", CallOutcome.Success), Expect(Isolated), RejectedAsIsolated,
            Close, Expect(Closed), Ok),

        new("closing a closed circuit clears its window", Small,
            Fails(3), Close, Fail, Fails(2), Expect(Closed), Fail, Expect(Open)),
    ];
}
