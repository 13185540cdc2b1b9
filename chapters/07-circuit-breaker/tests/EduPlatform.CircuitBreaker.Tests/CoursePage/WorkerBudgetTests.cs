using System.Net;
using EduPlatform.CoursePage.Hosting;
using EduPlatform.CoursePage.Resilience;
using EduPlatform.CoursePage.Testing;
using EduPlatform.Harness.Waiting;
using Microsoft.Extensions.Time.Testing;

namespace EduPlatform.CircuitBreaker.Tests.CoursePage;

/// <summary>
/// The failure mode the no-cascade claim is about, made small enough to watch: the service has a worker budget (here
/// 2 requests at once) that every endpoint shares. Calls stuck on a slow dependency hold workers, and a request to an
/// endpoint that needs no dependency at all waits behind them. Timeouts give the workers back.
/// The slow dependency answers only when the test moves its clock, and the timeouts fire only when the test moves the
/// course page's: these tests assert the order of events, never latencies (the load scenarios measure those).
/// </summary>
public sealed class WorkerBudgetTests
{
    private const string PricePath = DependencyAnswers.PricePath;

    [Fact]
    public async Task Without_timeouts_slow_dependency_calls_hold_every_worker_and_the_unrelated_endpoint_waits_behind_them()
    {
        var dependencyClock = new FakeTimeProvider();
        await using var system = await CoursePageSystem.StartAsync(
            CoursePageSettings.Spec
                .WithServer(server => server.MaxConcurrentRequests = 2)
                .WithPayments(payments =>
                {
                    payments.Timeouts.Enabled = false;
                    payments.CircuitBreaker.Enabled = false;
                    payments.Bulkhead.Enabled = false;
                    payments.Retry.Mode = RetryMode.None;
                }) with { DependencyClock = dependencyClock },
            CurrentTest.Cancellation);
        system.Payments.Map(PricePath, DependencyAnswers.Price.WithLatency(TimeSpan.FromSeconds(3)));

        var slow = new[] { system.Client.GetAsync("/courses/algebra-1/price", CurrentTest.Cancellation), system.Client.GetAsync("/courses/algebra-1/price", CurrentTest.Cancellation) };
        await ServerAsync(system, server => server.InUse == 2, "both workers are taken");

        var summary = system.Client.GetAsync("/courses/algebra-1/summary", CurrentTest.Cancellation);
        await ServerAsync(system, server => server.Queued == 1, "the summary queues");

        // Health and diagnostics are outside the budget: they answer while the service is saturated.
        using (var live = await system.Client.GetAsync("/health/live", CurrentTest.Cancellation))
        {
            live.StatusCode.Should().Be(HttpStatusCode.OK);
        }

        // The dependency's clock has not moved, so it cannot have answered; the summary is still waiting, because no
        // worker is free. (A moment's grace, so a summary that wrongly skipped the queue would have arrived by now.)
        await Task.Delay(TimeSpan.FromMilliseconds(100), CurrentTest.Cancellation);
        slow.Should().OnlyContain(call => !call.IsCompleted, "the premise: both dependency calls are still holding their workers");
        summary.IsCompleted.Should().BeFalse("the summary needs no dependency, but it needs a worker, and none is free");

        // Once the dependency answers, the workers come back and the summary is served. (Its latency counts from each
        // call's arrival on its clock, so the clock moves once both have arrived.)
        await Eventually.HoldsAsync(() => system.Payments.Journal.CountFor(PricePath) == 2, "both calls reached the dependency");
        dependencyClock.Advance(TimeSpan.FromSeconds(3));
        (await Task.WhenAll(slow)).Should().OnlyContain(r => r.StatusCode == HttpStatusCode.OK);
        using var answered = await summary;
        answered.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task With_timeouts_the_slow_calls_give_their_workers_back_and_the_unrelated_endpoint_is_served_before_the_dependency_answers()
    {
        // The dependency's clock never moves: it never answers. Only the course page's timeouts can free the workers.
        var clock = new WatchedClock();
        await using var system = await CoursePageSystem.StartAsync(
            CoursePageSettings.Spec
                .WithServer(server => server.MaxConcurrentRequests = 2)
                .WithPayments(payments =>
                {
                    payments.Timeouts.Attempt = TimeSpan.FromMilliseconds(200);
                    payments.Timeouts.Total = TimeSpan.FromMilliseconds(300);
                    payments.Bulkhead.Enabled = false;
                }) with { Clock = clock, DependencyClock = new FakeTimeProvider() },
            CurrentTest.Cancellation);
        system.Payments.Map(PricePath, DependencyAnswers.Price.WithLatency(TimeSpan.FromSeconds(5)));

        var slow = new[] { system.Client.GetAsync("/courses/algebra-1/price", CurrentTest.Cancellation), system.Client.GetAsync("/courses/algebra-1/price", CurrentTest.Cancellation) };
        await ServerAsync(system, server => server.InUse == 2, "both workers are taken");
        var summary = system.Client.GetAsync("/courses/algebra-1/summary", CurrentTest.Cancellation);
        await ServerAsync(system, server => server.Queued == 1, "the summary queues");

        // Both first attempts are at the dependency, so their timeouts are running: 200 ms cuts them, the retries go
        // out at once, and 100 ms more ends both calls at their 300 ms total.
        await Eventually.HoldsAsync(() => system.Payments.Journal.CountFor(PricePath) == 2, "both first attempts reached the dependency");
        clock.Advance(TimeSpan.FromMilliseconds(200));
        await Eventually.HoldsAsync(() => system.Payments.Journal.CountFor(PricePath) == 4, "both retries reached the dependency");
        clock.Advance(TimeSpan.FromMilliseconds(100));

        using var answered = await summary;
        answered.StatusCode.Should().Be(HttpStatusCode.OK, "the timeouts gave the workers back although the dependency never answered");
        (await Task.WhenAll(slow)).Should().OnlyContain(r => r.StatusCode == HttpStatusCode.GatewayTimeout);
    }

    [Fact]
    public async Task When_the_queue_is_full_too_the_service_says_busy_with_problem_json()
    {
        var dependencyClock = new FakeTimeProvider();
        await using var system = await CoursePageSystem.StartAsync(
            CoursePageSettings.Spec
                .WithServer(server =>
                {
                    server.MaxConcurrentRequests = 1;
                    server.RequestQueueLimit = 0;
                })
                .WithPayments(payments => payments.Timeouts.Enabled = false) with { DependencyClock = dependencyClock },
            CurrentTest.Cancellation);
        system.Payments.Map(PricePath, DependencyAnswers.Price.WithLatency(TimeSpan.FromSeconds(3)));

        var slow = system.Client.GetAsync("/courses/algebra-1/price", CurrentTest.Cancellation);
        await ServerAsync(system, server => server.InUse == 1, "the worker is taken");

        using var busy = await system.Client.GetAsync("/courses/algebra-1/summary", CurrentTest.Cancellation);

        busy.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        busy.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(1));
        await Problems.ExpectAsync(busy, ProblemTypes.ServerBusy);
        (await system.DiagnosticsAsync(CurrentTest.Cancellation)).Server.Rejected.Should().Be(1);
        slow.IsCompleted.Should().BeFalse();
        await Eventually.HoldsAsync(() => system.Payments.Journal.CountFor(PricePath) == 1, "the slow call reached the dependency");
        dependencyClock.Advance(TimeSpan.FromSeconds(3));
        (await slow).Dispose();
    }

    private static Task<ResilienceReport> ServerAsync(CoursePageSystem system, Func<ServerReport, bool> condition, string what) =>
        Eventually.ReturnsAsync(() => system.DiagnosticsAsync(CurrentTest.Cancellation), report => condition(report.Server), what);
}
