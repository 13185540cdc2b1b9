using EduPlatform.CoursePage.Resilience;
using EduPlatform.CoursePage.Testing;
using EduPlatform.Load;
using EduPlatform.Load.Proving;

namespace EduPlatform.CircuitBreaker.Claims;

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
    private const string Slowed = "payments slowed to 2 s";
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
        var timeoutsAndBreaker = CoursePageLoad.Settings(context).WithPayments(payments =>
        {
            payments.Retry.Mode = RetryMode.None;
            payments.Bulkhead.Enabled = false;
        });
        var neither = timeoutsAndBreaker.WithPayments(payments =>
        {
            payments.Timeouts.Enabled = false;
            payments.CircuitBreaker.Enabled = false;
        });
        using var priceHttp = CoursePageLoad.Client();
        using var summaryHttp = CoursePageLoad.Client();
        var systems = new List<CoursePageSystem>();

        var pair = await context.RunPairAsync(
            (withPattern, cancellationToken) => CoursePageSystem.StartAsync(withPattern ? timeoutsAndBreaker : neither, cancellationToken),
            system =>
            {
                systems.Add(system);
                system.Payments.Map(DependencyAnswers.PricePath, DependencyAnswers.Price);
                var slowing = new DependencyFault(system.Payments, DependencyAnswers.PricePath, DependencyAnswers.Price.WithLatency(SlowPayments));
                return new RunPlan(
                    [
                        CoursePageLoad.Get("price", priceHttp, system.Url("price"))
                            .WithWarmUpDuration(warmUp)
                            .WithLoadSimulations(Simulation.Inject(PriceRate, TimeSpan.FromSeconds(1), baseline + slow)),
                        CoursePageLoad.Get("summary-baseline", summaryHttp, system.Url("summary"))
                            .WithWarmUpDuration(warmUp)
                            .WithLoadSimulations(Simulation.Inject(SummaryRate, TimeSpan.FromSeconds(1), baseline))
                            .WithThresholds(Threshold.Parse("rate<0.001")),
                        CoursePageLoad.Get("summary-under-slow-payments", summaryHttp, system.Url("summary"))
                            .WithWarmUpDuration(warmUp)
                            .WithLoadSimulations(Simulation.Pause(baseline), Simulation.Inject(SummaryRate, TimeSpan.FromSeconds(1), slow))
                            .WithThresholds(Threshold.Parse("p(99)<50"), Threshold.Parse("rate<0.001")),
                    ],
                    FaultPlan.None.At(baseline, Slowed, slowing.ApplyAsync));
            });

        var (run, contrastRun) = (pair.WithPattern, pair.WithoutPattern);
        var payments = CoursePageLoad.FinalReport(systems[0]).Dependencies["payments"];
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
