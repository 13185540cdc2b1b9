using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EduPlatform.CoursePage.Hosting;
using EduPlatform.CoursePage.Resilience;
using EduPlatform.CoursePage.Testing;
using EduPlatform.Harness.Faults;
using EduPlatform.Harness.Waiting;
using Microsoft.Extensions.Time.Testing;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace EduPlatform.CircuitBreaker.Tests.CoursePage;

/// <summary>
/// What the demo does when its dependencies misbehave, against the harness's stubs on real ports: retries that help,
/// retries that would hurt and are not made, a breaker that trips, sheds and recovers, timeouts, and the bulkhead.
/// Every break, timeout and <c>Retry-After</c> runs on a fake clock the test moves, never on the machine's.
/// </summary>
public sealed class DependencyFailureTests
{
    private const string VideoPath = DependencyAnswers.VideoPath;
    private const string PricePath = DependencyAnswers.PricePath;

    [Fact]
    public async Task A_transient_failure_is_retried_and_the_caller_never_sees_it()
    {
        await using var system = await CoursePageSystem.StartAsync(CoursePageSettings.Spec, CurrentTest.Cancellation);
        system.Video.Map(VideoPath, StubSequence.First(StubBehavior.Status(503)).ThenForever(DependencyAnswers.Manifest));

        using var response = await system.Client.GetAsync("/courses/algebra-1/video", CurrentTest.Cancellation);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.Content.ReadFromJsonAsync<JsonElement>(CurrentTest.Cancellation)).GetProperty("video").GetProperty("manifest").GetString()
            .Should().Be(DependencyAnswers.ManifestUrl);
        system.Video.Journal.CountFor(VideoPath).Should().Be(2);
        var calls = (await system.DiagnosticsAsync(CurrentTest.Cancellation)).Dependencies["video"].Calls;
        calls.Requested.Should().Be(1);
        calls.Attempted.Should().Be(2);
        calls.Retried.Should().Be(1);
        calls.Succeeded.Should().Be(1);
    }

    [Theory]
    [InlineData(CircuitBreakerImplementation.Polly)]
    [InlineData(CircuitBreakerImplementation.Workbook)]
    public async Task A_failing_dependency_is_retried_then_the_circuit_opens_sheds_calls_fast_and_closes_once_it_heals(
        CircuitBreakerImplementation breaker)
    {
        var breakDuration = TimeSpan.FromSeconds(2);
        var clock = new WatchedClock();
        await using var system = await StartFailingVideoAsync(breaker, breakDuration, clock);

        // Trip: one call, four attempts (1 + 3 retries), four failures = the minimum throughput at a 100 % failure ratio.
        using (var first = await system.Client.GetAsync("/courses/algebra-1/video", CurrentTest.Cancellation))
        {
            first.StatusCode.Should().Be(HttpStatusCode.BadGateway);
            await Problems.ExpectAsync(first, ProblemTypes.BadGateway);
        }

        system.Video.Journal.CountFor(VideoPath).Should().Be(4);
        (await system.DiagnosticsAsync(CurrentTest.Cancellation)).Dependencies["video"].Circuit.State.Should().Be("Open");

        // Shed: while open (the clock does not move), calls are answered 503 with Retry-After, and none reaches the
        // dependency.
        for (var i = 0; i < 20; i++)
        {
            using var shed = await system.Client.GetAsync("/courses/algebra-1/video", CurrentTest.Cancellation);
            shed.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
            shed.Headers.RetryAfter!.Delta.Should().BePositive().And.Be(breakDuration, "nothing of the break has passed yet");
            await Problems.ExpectAsync(shed, ProblemTypes.CircuitOpen);
        }

        system.Video.Journal.CountFor(VideoPath).Should().Be(4, "an open circuit keeps calls off the dependency");
        var shedding = (await system.DiagnosticsAsync(CurrentTest.Cancellation)).Dependencies["video"].Calls;
        shedding.RejectedByCircuit.Should().Be(20);
        shedding.Attempted.Should().Be(4);

        // The dependency heals; a moment before the break is over the circuit still sheds.
        system.Video.Map(VideoPath, DependencyAnswers.Manifest);
        clock.Advance(breakDuration - TimeSpan.FromMilliseconds(1));
        using (var stillOpen = await system.Client.GetAsync("/courses/algebra-1/video", CurrentTest.Cancellation))
        {
            await Problems.ExpectAsync(stillOpen, ProblemTypes.CircuitOpen);
        }

        // Recover: once the break is over the next call is the probe, and it closes the circuit.
        clock.Advance(TimeSpan.FromMilliseconds(1));
        using (var probe = await system.Client.GetAsync("/courses/algebra-1/video", CurrentTest.Cancellation))
        {
            probe.StatusCode.Should().Be(HttpStatusCode.OK);
        }

        system.Video.Journal.CountFor(VideoPath).Should().Be(5, "one probe reached the healed dependency");

        // Polly raises its transition callbacks asynchronously; the report shows the close once OnClosed has run.
        var recovered = await Eventually.ReturnsAsync(
            () => system.DiagnosticsAsync(CurrentTest.Cancellation),
            report => report.Dependencies["video"].Circuit.Closed == 1,
            "the breaker's closing is reported");
        recovered.Dependencies["video"].Circuit.State.Should().Be("Closed");
        recovered.Dependencies["video"].Circuit.RecentTransitions.Select(t => t.To).Should().Equal("Open", "HalfOpen", "Closed");
        recovered.Dependencies["payments"].Circuit.State.Should().Be("Closed", "each dependency has its own breaker");
    }

    [Theory]
    [InlineData(CircuitBreakerImplementation.Polly)]
    [InlineData(CircuitBreakerImplementation.Workbook)]
    public async Task A_call_that_was_tried_and_failed_is_answered_bad_gateway_even_when_the_circuit_refuses_its_retry(
        CircuitBreakerImplementation breaker)
    {
        var breakDuration = TimeSpan.FromSeconds(1);
        var clock = new WatchedClock();
        await using var system = await StartFailingVideoAsync(breaker, breakDuration, clock);
        using (var trip = await system.Client.GetAsync("/courses/algebra-1/video", CurrentTest.Cancellation))
        {
            trip.StatusCode.Should().Be(HttpStatusCode.BadGateway);
        }

        clock.Advance(breakDuration);

        // The break is over: this call is the half-open probe. It fails, the circuit opens again, and its retry is
        // refused. It was tried, so it is no "circuit open, not attempted" answer: the dependency failed.
        using (var probe = await system.Client.GetAsync("/courses/algebra-1/video", CurrentTest.Cancellation))
        {
            probe.StatusCode.Should().Be(HttpStatusCode.BadGateway);
            var problem = await Problems.ExpectAsync(probe, ProblemTypes.BadGateway);
            problem.GetProperty("detail").GetString().Should().Contain("1 attempt(s)");
        }

        system.Video.Journal.CountFor(VideoPath).Should().Be(5, "four attempts tripped the circuit, then one probe");

        // A call that finds the circuit open is refused without a try, and says so.
        using (var refused = await system.Client.GetAsync("/courses/algebra-1/video", CurrentTest.Cancellation))
        {
            refused.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
            await Problems.ExpectAsync(refused, ProblemTypes.CircuitOpen);
        }

        system.Video.Journal.CountFor(VideoPath).Should().Be(5);
        var calls = (await system.DiagnosticsAsync(CurrentTest.Cancellation)).Dependencies["video"].Calls;
        calls.Failed.Should().Be(2, "the tripping call and the probe");
        calls.RejectedByCircuit.Should().Be(1);
    }

    [Fact]
    public async Task A_Retry_After_from_the_dependency_is_waited_out_before_the_retry()
    {
        // One clock for both: the stub's journal is stamped on the clock the course page waits on.
        var clock = new WatchedClock();
        var backoffCap = TimeSpan.FromMilliseconds(50);
        await using var system = await CoursePageSystem.StartAsync(
            CoursePageSettings.Spec.WithVideo(video =>
            {
                video.Retry.BaseDelay = TimeSpan.FromMilliseconds(10);
                video.Retry.MaxDelay = backoffCap;
            }) with { Clock = clock, DependencyClock = clock },
            CurrentTest.Cancellation);
        system.Video.Map(VideoPath, StubSequence.First(StubBehavior.From(Response.Create().WithStatusCode(503).WithHeader("Retry-After", "1")))
            .ThenForever(DependencyAnswers.Manifest));

        var call = system.Client.GetAsync("/courses/algebra-1/video", CurrentTest.Cancellation);
        await clock.WaitUntilScheduledAsync(TimeSpan.FromSeconds(1), "the retry waits as long as the dependency asked");
        system.Video.Journal.CountFor(VideoPath).Should().Be(1, "the retry waits for the clock");
        clock.Advance(TimeSpan.FromSeconds(1));
        using var response = await call;

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var attempts = system.Video.Journal.For(VideoPath);
        attempts.Should().HaveCount(2);
        var gap = attempts[1].ReceivedAt - attempts[0].ReceivedAt;
        gap.Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(1), "the dependency asked for 1 s, twenty times the configured 50 ms backoff cap");
        clock.Scheduled.Should().NotContain(delay => delay > TimeSpan.Zero && delay <= backoffCap, "no backoff of its own was waited");
    }

    [Fact]
    public async Task A_Retry_After_longer_than_the_service_will_wait_is_passed_on_instead_of_waited_out()
    {
        await using var system = await CoursePageSystem.StartAsync(CoursePageSettings.Spec, CurrentTest.Cancellation);
        system.Video.Map(VideoPath, StubBehavior.From(Response.Create().WithStatusCode(503).WithHeader("Retry-After", "30")));

        using var response = await system.Client.GetAsync("/courses/algebra-1/video", CurrentTest.Cancellation);

        response.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        response.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(30));
        await Problems.ExpectAsync(response, ProblemTypes.DependencyUnavailable);
        system.Video.Journal.CountFor(VideoPath).Should().Be(1);
    }

    [Fact]
    public async Task A_purchase_that_fails_is_not_retried_and_carries_the_idempotency_key()
    {
        await using var system = await CoursePageSystem.StartAsync(CoursePageSettings.Spec, CurrentTest.Cancellation);
        system.Payments.Map(Request.Create().WithPath(DependencyAnswers.PaymentsPath).UsingPost(), StubBehavior.Status(503));

        using var response = await PurchaseAsync(system, "key-1");

        response.StatusCode.Should().Be(HttpStatusCode.BadGateway);
        await Problems.ExpectAsync(response, ProblemTypes.BadGateway);
        var purchases = system.Payments.Journal.For(DependencyAnswers.PaymentsPath);
        purchases.Should().HaveCount(1, "a 503 on a POST is transient, but repeating a purchase can charge twice");
        purchases[0].Header("Idempotency-Key").Should().Be("key-1");
    }

    [Fact]
    public async Task A_purchase_that_times_out_is_not_retried()
    {
        // The stubs' clock never moves, so the payment service never answers; the course page's clock cuts the attempt.
        var clock = new WatchedClock();
        await using var system = await CoursePageSystem.StartAsync(
            CoursePageSettings.Spec.WithPayments(payments =>
            {
                payments.Timeouts.Attempt = TimeSpan.FromMilliseconds(500);
                payments.Timeouts.Total = TimeSpan.FromSeconds(10);
            }) with { Clock = clock, DependencyClock = new FakeTimeProvider() },
            CurrentTest.Cancellation);
        system.Payments.Map(Request.Create().WithPath(DependencyAnswers.PaymentsPath).UsingPost(),
            StubBehavior.Status(200).WithLatency(TimeSpan.FromSeconds(2)));

        var purchase = PurchaseAsync(system, "key-2");
        await Eventually.HoldsAsync(() => system.Payments.Journal.CountFor(DependencyAnswers.PaymentsPath) == 1, "the purchase reached the payment service");
        clock.Advance(TimeSpan.FromMilliseconds(500));
        using var response = await purchase;

        response.StatusCode.Should().Be(HttpStatusCode.GatewayTimeout);
        await Problems.ExpectAsync(response, ProblemTypes.DependencyTimeout);

        // The pipeline finishes its retries before it answers, so the counters are final now.
        var calls = (await system.DiagnosticsAsync(CurrentTest.Cancellation)).Dependencies["payments"].Calls;
        calls.Attempted.Should().Be(1, "a timed-out purchase may have gone through: it is not repeated");
        calls.Retried.Should().Be(0);
        calls.AttemptTimeouts.Should().Be(1);
    }

    [Fact]
    public async Task A_hung_attempt_is_cut_by_the_attempt_timeout_and_the_call_by_the_total_timeout()
    {
        // The stubs' clock never moves, so the payment service's "3 s" never pass: it hangs, and never answers anything.
        var clock = new WatchedClock();
        await using var system = await CoursePageSystem.StartAsync(
            CoursePageSettings.Spec.WithPayments(payments =>
            {
                payments.Timeouts.Attempt = TimeSpan.FromMilliseconds(200);
                payments.Timeouts.Total = TimeSpan.FromMilliseconds(500);
                payments.CircuitBreaker.Enabled = false;
            }) with { Clock = clock, DependencyClock = new FakeTimeProvider() },
            CurrentTest.Cancellation);
        system.Payments.Map(PricePath, DependencyAnswers.Price.WithLatency(TimeSpan.FromSeconds(3)));

        var call = system.Client.GetAsync("/courses/algebra-1/price", CurrentTest.Cancellation);
        for (var attempt = 1; attempt <= 2; attempt++)
        {
            await Eventually.HoldsAsync(() => system.Payments.Journal.CountFor(PricePath) == attempt, $"attempt {attempt} reached the hung service");
            clock.Advance(TimeSpan.FromMilliseconds(200));
        }

        await Eventually.HoldsAsync(() => system.Payments.Journal.CountFor(PricePath) == 3, "the third attempt reached the hung service");
        clock.Advance(TimeSpan.FromMilliseconds(100));
        using var response = await call;

        response.StatusCode.Should().Be(HttpStatusCode.GatewayTimeout, "the caller got its answer although the dependency answered nothing");
        system.Payments.Journal.CountFor(PricePath).Should().BeGreaterThanOrEqualTo(2, "every cut attempt was retried against the hung dependency")
            .And.Be(3, "two attempts cut at 200 ms each, the third by the 500 ms total");
        var calls = (await system.DiagnosticsAsync(CurrentTest.Cancellation)).Dependencies["payments"].Calls;
        calls.AttemptTimeouts.Should().BeGreaterThanOrEqualTo(2, "each hung attempt was cut and retried").And.Be(2);
        calls.TotalTimeouts.Should().Be(1);
        calls.Attempted.Should().BeGreaterThanOrEqualTo(2).And.Be(3);
    }

    [Theory]
    [InlineData("text/html", "<html>maintenance</html>")]
    [InlineData("application/json", "{\"manifest\": ")]
    public async Task An_answer_that_is_not_the_expected_JSON_is_a_bad_gateway_not_a_crash(string contentType, string body)
    {
        await using var system = await CoursePageSystem.StartAsync(CoursePageSettings.Spec, CurrentTest.Cancellation);
        system.Video.Map(VideoPath, StubBehavior.From(Response.Create().WithStatusCode(200).WithHeader("Content-Type", contentType).WithBody(body)));

        using var response = await system.Client.GetAsync("/courses/algebra-1/video", CurrentTest.Cancellation);

        response.StatusCode.Should().Be(HttpStatusCode.BadGateway);
        await Problems.ExpectAsync(response, ProblemTypes.BadGateway);
    }

    [Theory]
    [InlineData(RetryMode.None, 1)]
    [InlineData(RetryMode.Naive, 4)]
    [InlineData(RetryMode.BackoffWithJitter, 4)]
    public async Task Retry_mode_decides_how_many_attempts_one_failing_call_makes(RetryMode mode, int attempts)
    {
        await using var system = await CoursePageSystem.StartAsync(
            CoursePageSettings.Spec.WithVideo(video =>
            {
                video.Retry.Mode = mode;
                video.CircuitBreaker.Enabled = false;
            }),
            CurrentTest.Cancellation);
        system.Video.Map(VideoPath, StubBehavior.Status(500));

        using var response = await system.Client.GetAsync("/courses/algebra-1/video", CurrentTest.Cancellation);

        response.StatusCode.Should().Be(HttpStatusCode.BadGateway);
        system.Video.Journal.CountFor(VideoPath).Should().Be(attempts);
    }

    [Fact]
    public async Task A_full_bulkhead_rejects_at_once_while_its_calls_are_still_in_flight_and_other_endpoints_carry_on()
    {
        // The video service answers only when the test moves its clock: until then the bulkhead's calls stay in flight.
        var dependencyClock = new FakeTimeProvider();
        await using var system = await CoursePageSystem.StartAsync(
            CoursePageSettings.Spec.WithVideo(video =>
            {
                video.Bulkhead.PermitLimit = 2;
                video.Timeouts.Enabled = false;
            }) with { DependencyClock = dependencyClock },
            CurrentTest.Cancellation);
        system.Video.Map(VideoPath, DependencyAnswers.Manifest.WithLatency(TimeSpan.FromSeconds(4)));
        system.Payments.Map(PricePath, DependencyAnswers.Price);

        var holding = new[]
        {
            system.Client.GetAsync("/courses/algebra-1/video", CurrentTest.Cancellation),
            system.Client.GetAsync("/courses/algebra-1/video", CurrentTest.Cancellation),
        };
        await Eventually.ReturnsAsync(() => system.DiagnosticsAsync(CurrentTest.Cancellation),
            report => report.Dependencies["video"].Bulkhead.InUse == 2, "both video calls hold a bulkhead permit");

        using (var rejected = await system.Client.GetAsync("/courses/algebra-1/video", CurrentTest.Cancellation))
        {
            rejected.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
            await Problems.ExpectAsync(rejected, ProblemTypes.BulkheadFull);
        }

        using (var summary = await system.Client.GetAsync("/courses/algebra-1/summary", CurrentTest.Cancellation))
        using (var price = await system.Client.GetAsync("/courses/algebra-1/price", CurrentTest.Cancellation))
        {
            summary.StatusCode.Should().Be(HttpStatusCode.OK);
            price.StatusCode.Should().Be(HttpStatusCode.OK, "the payment dependency has its own bulkhead");
        }

        holding.Should().OnlyContain(call => !call.IsCompleted, "the rejection came while the permits were still held");
        (await system.DiagnosticsAsync(CurrentTest.Cancellation)).Dependencies["video"].Calls.RejectedByBulkhead.Should().Be(1);
        await Eventually.HoldsAsync(() => system.Video.Journal.CountFor(VideoPath) == 2, "both held calls reached the video service");
        dependencyClock.Advance(TimeSpan.FromSeconds(4));
        foreach (var call in await Task.WhenAll(holding))
        {
            call.StatusCode.Should().Be(HttpStatusCode.OK);
            call.Dispose();
        }
    }

    // The course page behind the chosen breaker, on a clock the test moves, with a video service that fails every call.
    private static async Task<CoursePageSystem> StartFailingVideoAsync(CircuitBreakerImplementation breaker, TimeSpan breakDuration, WatchedClock clock)
    {
        var system = await CoursePageSystem.StartAsync(
            CoursePageSettings.Spec.WithBreaker(breaker).WithVideo(video => video.CircuitBreaker.BreakDuration = breakDuration) with { Clock = clock },
            CurrentTest.Cancellation);
        system.Video.Map(VideoPath, StubBehavior.Status(500));
        return system;
    }

    private static Task<HttpResponseMessage> PurchaseAsync(CoursePageSystem system, string idempotencyKey)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/courses/algebra-1/purchases")
        {
            Content = JsonContent.Create(new { studentId = "student-42" }),
        };
        request.Headers.Add("Idempotency-Key", idempotencyKey);
        return system.Client.SendAsync(request, CurrentTest.Cancellation);
    }
}
