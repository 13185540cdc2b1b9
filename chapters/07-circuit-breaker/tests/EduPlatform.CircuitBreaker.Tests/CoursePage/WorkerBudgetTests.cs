using System.Net;
using EduPlatform.Harness.Faults;

namespace EduPlatform.CircuitBreaker.Tests.CoursePage;

/// <summary>
/// The failure mode the no-cascade claim is about, made small enough to watch: the service has a worker budget (here
/// 2 requests at once) that every endpoint shares. Calls stuck on a slow dependency hold workers, and a request to an
/// endpoint that needs no dependency at all waits behind them. Timeouts give the workers back.
/// These tests assert the order of events, not latencies: the load scenarios measure those.
/// </summary>
public sealed class WorkerBudgetTests
{
    private const string PricePath = "/prices/algebra-1";
    private static readonly StubBehavior Price = StubBehavior.Json("""{"amount": 4900}""");
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Without_timeouts_slow_dependency_calls_hold_every_worker_and_the_unrelated_endpoint_waits_behind_them()
    {
        await using var host = await CoursePageHost.StartAsync(new Dictionary<string, string?>
        {
            ["Server:MaxConcurrentRequests"] = "2",
            ["Resilience:Payments:Timeouts:Enabled"] = "false",
            ["Resilience:Payments:CircuitBreaker:Enabled"] = "false",
            ["Resilience:Payments:Bulkhead:Enabled"] = "false",
            ["Resilience:Payments:Retry:Mode"] = "None",
        });
        host.Payments.Map(PricePath, Price.WithLatency(TimeSpan.FromSeconds(3)));

        var slow = new[] { host.Client.GetAsync("/courses/algebra-1/price", Cancel), host.Client.GetAsync("/courses/algebra-1/price", Cancel) };
        await host.WaitForDiagnosticsAsync(report => report.GetProperty("server").GetProperty("inUse").GetInt64() == 2, "both workers to be taken");

        var summary = host.Client.GetAsync("/courses/algebra-1/summary", Cancel);
        await host.WaitForDiagnosticsAsync(report => report.GetProperty("server").GetProperty("queued").GetInt64() == 1, "the summary to queue");

        // Health and diagnostics are outside the budget: they answer while the service is saturated.
        using (var live = await host.Client.GetAsync("/health/live", Cancel))
        {
            live.StatusCode.Should().Be(HttpStatusCode.OK);
        }

        // Half a second is an age for an in-memory lookup; the summary is still waiting because no worker is free.
        await Task.Delay(TimeSpan.FromMilliseconds(500), Cancel);
        slow.Should().OnlyContain(call => !call.IsCompleted, "the premise: both dependency calls are still holding their workers");
        summary.IsCompleted.Should().BeFalse("the summary needs no dependency, but it needs a worker, and none is free");

        // Once the dependency answers, the workers come back and the summary is served.
        (await Task.WhenAll(slow)).Should().OnlyContain(r => r.StatusCode == HttpStatusCode.OK);
        using var answered = await summary;
        answered.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task With_timeouts_the_slow_calls_give_their_workers_back_and_the_unrelated_endpoint_is_served_before_the_dependency_answers()
    {
        await using var host = await CoursePageHost.StartAsync(new Dictionary<string, string?>
        {
            ["Server:MaxConcurrentRequests"] = "2",
            ["Resilience:Payments:Timeouts:Attempt"] = "00:00:00.200",
            ["Resilience:Payments:Timeouts:Total"] = "00:00:00.300",
            ["Resilience:Payments:Bulkhead:Enabled"] = "false",
        });
        host.Payments.Map(PricePath, Price.WithLatency(TimeSpan.FromSeconds(5)));

        var slow = new[] { host.Client.GetAsync("/courses/algebra-1/price", Cancel), host.Client.GetAsync("/courses/algebra-1/price", Cancel) };
        await host.WaitForDiagnosticsAsync(report => report.GetProperty("server").GetProperty("inUse").GetInt64() == 2, "both workers to be taken");
        var summary = host.Client.GetAsync("/courses/algebra-1/summary", Cancel);

        var dependencyWouldHaveAnswered = Task.Delay(TimeSpan.FromSeconds(5), Cancel);
        var finishedFirst = await Task.WhenAny(summary, dependencyWouldHaveAnswered);

        finishedFirst.Should().BeSameAs(summary, "the timeouts (0.3 s) gave the workers back long before the dependency's 5 s");
        using var answered = await summary;
        answered.StatusCode.Should().Be(HttpStatusCode.OK);
        (await Task.WhenAll(slow)).Should().OnlyContain(r => r.StatusCode == HttpStatusCode.GatewayTimeout);
    }

    [Fact]
    public async Task When_the_queue_is_full_too_the_service_says_busy_with_problem_json()
    {
        await using var host = await CoursePageHost.StartAsync(new Dictionary<string, string?>
        {
            ["Server:MaxConcurrentRequests"] = "1",
            ["Server:RequestQueueLimit"] = "0",
            ["Resilience:Payments:Timeouts:Enabled"] = "false",
        });
        host.Payments.Map(PricePath, Price.WithLatency(TimeSpan.FromSeconds(3)));

        var slow = host.Client.GetAsync("/courses/algebra-1/price", Cancel);
        await host.WaitForDiagnosticsAsync(report => report.GetProperty("server").GetProperty("inUse").GetInt64() == 1, "the worker to be taken");

        using var busy = await host.Client.GetAsync("/courses/algebra-1/summary", Cancel);

        busy.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        busy.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(1));
        await DependencyFailureTests.ExpectProblemAsync(busy, "https://eduplatform.example/problems/server-busy");
        (await host.DiagnosticsAsync()).GetProperty("server").GetProperty("rejected").GetInt64().Should().Be(1);
        slow.IsCompleted.Should().BeFalse();
        (await slow).Dispose();
    }
}
