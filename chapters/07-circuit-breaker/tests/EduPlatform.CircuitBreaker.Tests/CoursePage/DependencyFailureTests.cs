using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EduPlatform.Harness.Faults;
using Microsoft.Extensions.Time.Testing;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace EduPlatform.CircuitBreaker.Tests.CoursePage;

/// <summary>
/// What the demo does when its dependencies misbehave, against the harness's stubs on real ports: retries that help,
/// retries that would hurt and are not made, a breaker that trips, sheds and recovers, timeouts, and the bulkhead.
/// </summary>
public sealed class DependencyFailureTests
{
    private const string VideoPath = "/videos/algebra-1";
    private const string PricePath = "/prices/algebra-1";
    private static readonly StubBehavior Manifest = StubBehavior.Json("""{"manifest": "algebra-1.m3u8"}""");
    private static readonly StubBehavior Price = StubBehavior.Json("""{"amount": 4900, "currency": "EUR"}""");
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_transient_failure_is_retried_and_the_caller_never_sees_it()
    {
        await using var host = await CoursePageHost.StartAsync();
        host.Video.Map(VideoPath, StubSequence.First(StubBehavior.Status(503)).ThenForever(Manifest));

        using var response = await host.Client.GetAsync("/courses/algebra-1/video", Cancel);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("video").GetProperty("manifest").GetString()
            .Should().Be("algebra-1.m3u8");
        host.Video.Journal.CountFor(VideoPath).Should().Be(2);
        var calls = (await host.DiagnosticsAsync()).GetProperty("dependencies").GetProperty("video").GetProperty("calls");
        calls.GetProperty("requested").GetInt64().Should().Be(1);
        calls.GetProperty("attempted").GetInt64().Should().Be(2);
        calls.GetProperty("retried").GetInt64().Should().Be(1);
        calls.GetProperty("succeeded").GetInt64().Should().Be(1);
    }

    [Fact]
    public async Task A_failing_dependency_is_retried_then_the_circuit_opens_sheds_calls_fast_and_closes_once_it_heals()
    {
        var breakDuration = TimeSpan.FromSeconds(2);
        await using var host = await CoursePageHost.StartAsync(new Dictionary<string, string?>
        {
            ["Resilience:Video:CircuitBreaker:BreakDuration"] = breakDuration.ToString(),
        });
        host.Video.Map(VideoPath, StubBehavior.Status(500));

        // Trip: one call, four attempts (1 + 3 retries), four failures = the minimum throughput at a 100 % failure ratio.
        using (var first = await host.Client.GetAsync("/courses/algebra-1/video", Cancel))
        {
            first.StatusCode.Should().Be(HttpStatusCode.BadGateway);
            await ExpectProblemAsync(first, "https://eduplatform.example/problems/bad-gateway");
        }

        host.Video.Journal.CountFor(VideoPath).Should().Be(4);
        var tripped = await host.DiagnosticsAsync();
        Circuit(tripped, "video").GetProperty("state").GetString().Should().Be("Open");

        // Shed: while open (2 s, ample for 20 local calls), calls are answered 503 with Retry-After, and none reaches
        // the dependency.
        for (var i = 0; i < 20; i++)
        {
            using var shed = await host.Client.GetAsync("/courses/algebra-1/video", Cancel);
            shed.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
            shed.Headers.RetryAfter!.Delta.Should().BePositive();
            await ExpectProblemAsync(shed, "https://eduplatform.example/problems/circuit-open");
        }

        host.Video.Journal.CountFor(VideoPath).Should().Be(4, "an open circuit keeps calls off the dependency");
        var shedding = await host.DiagnosticsAsync();
        Calls(shedding, "video").GetProperty("rejectedByCircuit").GetInt64().Should().Be(20);
        Calls(shedding, "video").GetProperty("attempted").GetInt64().Should().Be(4);

        // Recover: the dependency heals; once the break is over the next call is the probe, and it closes the circuit.
        host.Video.Map(VideoPath, Manifest);
        await WaitOutTheBreakAsync(tripped, breakDuration);

        using (var probe = await host.Client.GetAsync("/courses/algebra-1/video", Cancel))
        {
            probe.StatusCode.Should().Be(HttpStatusCode.OK);
        }

        host.Video.Journal.CountFor(VideoPath).Should().Be(5, "one probe reached the healed dependency");

        var recovered = await host.WaitForDiagnosticsAsync(
            report => Circuit(report, "video").GetProperty("closed").GetInt64() == 1,
            "the breaker's OnClosed callback");
        Circuit(recovered, "video").GetProperty("state").GetString().Should().Be("Closed");
        Circuit(recovered, "video").GetProperty("recentTransitions").EnumerateArray().Select(t => t.GetProperty("to").GetString())
            .Should().Equal("Open", "HalfOpen", "Closed");
        Circuit(recovered, "payments").GetProperty("state").GetString().Should().Be("Closed", "each dependency has its own breaker");
    }

    [Fact]
    public async Task A_call_that_was_tried_and_failed_is_answered_bad_gateway_even_when_the_circuit_refuses_its_retry()
    {
        var breakDuration = TimeSpan.FromSeconds(1);
        await using var host = await CoursePageHost.StartAsync(new Dictionary<string, string?>
        {
            ["Resilience:Video:CircuitBreaker:BreakDuration"] = breakDuration.ToString(),
        });
        host.Video.Map(VideoPath, StubBehavior.Status(500));
        using (var trip = await host.Client.GetAsync("/courses/algebra-1/video", Cancel))
        {
            trip.StatusCode.Should().Be(HttpStatusCode.BadGateway);
        }

        await WaitOutTheBreakAsync(await host.DiagnosticsAsync(), breakDuration);

        // The break is over: this call is the half-open probe. It fails, the circuit opens again, and its retry is
        // refused. It was tried, so it is no "circuit open, not attempted" answer: the dependency failed.
        using (var probe = await host.Client.GetAsync("/courses/algebra-1/video", Cancel))
        {
            probe.StatusCode.Should().Be(HttpStatusCode.BadGateway);
            var problem = await ExpectProblemAsync(probe, "https://eduplatform.example/problems/bad-gateway");
            problem.GetProperty("detail").GetString().Should().Contain("1 attempt(s)");
        }

        host.Video.Journal.CountFor(VideoPath).Should().Be(5, "four attempts tripped the circuit, then one probe");

        // A call that finds the circuit open is refused without a try, and says so.
        using (var refused = await host.Client.GetAsync("/courses/algebra-1/video", Cancel))
        {
            refused.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
            await ExpectProblemAsync(refused, "https://eduplatform.example/problems/circuit-open");
        }

        host.Video.Journal.CountFor(VideoPath).Should().Be(5);
        var calls = Calls(await host.DiagnosticsAsync(), "video");
        calls.GetProperty("failed").GetInt64().Should().Be(2, "the tripping call and the probe");
        calls.GetProperty("rejectedByCircuit").GetInt64().Should().Be(1);
    }

    [Fact]
    public async Task A_Retry_After_from_the_dependency_is_waited_out_before_the_retry()
    {
        await using var host = await CoursePageHost.StartAsync();
        host.Video.Map(VideoPath, StubSequence.First(StubBehavior.From(Response.Create().WithStatusCode(503).WithHeader("Retry-After", "1")))
            .ThenForever(Manifest));

        using var response = await host.Client.GetAsync("/courses/algebra-1/video", Cancel);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var attempts = host.Video.Journal.For(VideoPath);
        attempts.Should().HaveCount(2);
        var gap = attempts[1].ReceivedAt - attempts[0].ReceivedAt;
        gap.Should().BeGreaterThan(TimeSpan.FromMilliseconds(900),
            "the dependency asked for 1 s, ten times the configured 50 ms backoff cap");
    }

    [Fact]
    public async Task A_Retry_After_longer_than_the_service_will_wait_is_passed_on_instead_of_waited_out()
    {
        await using var host = await CoursePageHost.StartAsync();
        host.Video.Map(VideoPath, StubBehavior.From(Response.Create().WithStatusCode(503).WithHeader("Retry-After", "30")));

        using var response = await host.Client.GetAsync("/courses/algebra-1/video", Cancel);

        response.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        response.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(30));
        await ExpectProblemAsync(response, "https://eduplatform.example/problems/dependency-unavailable");
        host.Video.Journal.CountFor(VideoPath).Should().Be(1);
    }

    [Fact]
    public async Task A_purchase_that_fails_is_not_retried_and_carries_the_idempotency_key()
    {
        await using var host = await CoursePageHost.StartAsync();
        host.Payments.Map(Request.Create().WithPath("/payments").UsingPost(), StubBehavior.Status(503));

        using var response = await PurchaseAsync(host, "key-1");

        response.StatusCode.Should().Be(HttpStatusCode.BadGateway);
        await ExpectProblemAsync(response, "https://eduplatform.example/problems/bad-gateway");
        var purchases = host.Payments.Journal.For("/payments");
        purchases.Should().HaveCount(1, "a 503 on a POST is transient, but repeating a purchase can charge twice");
        purchases[0].Header("Idempotency-Key").Should().Be("key-1");
    }

    [Fact]
    public async Task A_purchase_that_times_out_is_not_retried()
    {
        await using var host = await CoursePageHost.StartAsync(new Dictionary<string, string?>
        {
            ["Resilience:Payments:Timeouts:Attempt"] = "00:00:00.500",
            ["Resilience:Payments:Timeouts:Total"] = "00:00:10",
        });
        host.Payments.Map(Request.Create().WithPath("/payments").UsingPost(), StubBehavior.Status(200).WithLatency(TimeSpan.FromSeconds(2)));

        using var response = await PurchaseAsync(host, "key-2");

        response.StatusCode.Should().Be(HttpStatusCode.GatewayTimeout);
        await ExpectProblemAsync(response, "https://eduplatform.example/problems/dependency-timeout");

        // The pipeline finishes its retries before it answers, so the counters are final now.
        var calls = Calls(await host.DiagnosticsAsync(), "payments");
        calls.GetProperty("attempted").GetInt64().Should().Be(1, "a timed-out purchase may have gone through: it is not repeated");
        calls.GetProperty("retried").GetInt64().Should().Be(0);
        calls.GetProperty("attemptTimeouts").GetInt64().Should().Be(1);
    }

    [Fact]
    public async Task A_hung_attempt_is_cut_by_the_attempt_timeout_and_the_call_by_the_total_timeout()
    {
        // The stubs' clock never moves, so the payment service's "3 s" never pass: it hangs, and never answers anything.
        var frozen = new FakeTimeProvider();
        await using var host = await CoursePageHost.StartAsync(new Dictionary<string, string?>
        {
            ["Resilience:Payments:Timeouts:Attempt"] = "00:00:00.200",
            ["Resilience:Payments:Timeouts:Total"] = "00:00:01.500",
            ["Resilience:Payments:CircuitBreaker:Enabled"] = "false",
        }, dependencyClock: frozen);
        host.Payments.Map(PricePath, Price.WithLatency(TimeSpan.FromSeconds(3)));

        using var response = await host.Client.GetAsync("/courses/algebra-1/price", Cancel);

        response.StatusCode.Should().Be(HttpStatusCode.GatewayTimeout, "the caller got its answer although the dependency answered nothing");
        host.Payments.Journal.CountFor(PricePath).Should().BeGreaterThanOrEqualTo(2, "every cut attempt was retried against the hung dependency");
        var calls = Calls(await host.DiagnosticsAsync(), "payments");
        calls.GetProperty("attemptTimeouts").GetInt64().Should().BeGreaterThanOrEqualTo(2, "each hung attempt was cut and retried");
        calls.GetProperty("attempted").GetInt64().Should().BeGreaterThanOrEqualTo(2);
    }

    [Theory]
    [InlineData("text/html", "<html>maintenance</html>")]
    [InlineData("application/json", "{\"manifest\": ")]
    public async Task An_answer_that_is_not_the_expected_JSON_is_a_bad_gateway_not_a_crash(string contentType, string body)
    {
        await using var host = await CoursePageHost.StartAsync();
        host.Video.Map(VideoPath, StubBehavior.From(Response.Create().WithStatusCode(200).WithHeader("Content-Type", contentType).WithBody(body)));

        using var response = await host.Client.GetAsync("/courses/algebra-1/video", Cancel);

        response.StatusCode.Should().Be(HttpStatusCode.BadGateway);
        await ExpectProblemAsync(response, "https://eduplatform.example/problems/bad-gateway");
    }

    [Theory]
    [InlineData("None", 1)]
    [InlineData("Naive", 4)]
    [InlineData("BackoffWithJitter", 4)]
    public async Task Retry_mode_decides_how_many_attempts_one_failing_call_makes(string mode, int attempts)
    {
        await using var host = await CoursePageHost.StartAsync(new Dictionary<string, string?>
        {
            ["Resilience:Video:Retry:Mode"] = mode,
            ["Resilience:Video:CircuitBreaker:Enabled"] = "false",
        });
        host.Video.Map(VideoPath, StubBehavior.Status(500));

        using var response = await host.Client.GetAsync("/courses/algebra-1/video", Cancel);

        response.StatusCode.Should().Be(HttpStatusCode.BadGateway);
        host.Video.Journal.CountFor(VideoPath).Should().Be(attempts);
    }

    [Fact]
    public async Task A_full_bulkhead_rejects_at_once_while_its_calls_are_still_in_flight_and_other_endpoints_carry_on()
    {
        await using var host = await CoursePageHost.StartAsync(new Dictionary<string, string?>
        {
            ["Resilience:Video:Bulkhead:PermitLimit"] = "2",
            ["Resilience:Video:Timeouts:Enabled"] = "false",
        });
        host.Video.Map(VideoPath, Manifest.WithLatency(TimeSpan.FromSeconds(4)));
        host.Payments.Map(PricePath, Price);

        var holding = new[] { host.Client.GetAsync("/courses/algebra-1/video", Cancel), host.Client.GetAsync("/courses/algebra-1/video", Cancel) };
        await host.WaitForDiagnosticsAsync(
            report => report.GetProperty("dependencies").GetProperty("video").GetProperty("bulkhead").GetProperty("inUse").GetInt64() == 2,
            "both video calls to hold a bulkhead permit");

        using (var rejected = await host.Client.GetAsync("/courses/algebra-1/video", Cancel))
        {
            rejected.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
            await ExpectProblemAsync(rejected, "https://eduplatform.example/problems/bulkhead-full");
        }

        using (var summary = await host.Client.GetAsync("/courses/algebra-1/summary", Cancel))
        using (var price = await host.Client.GetAsync("/courses/algebra-1/price", Cancel))
        {
            summary.StatusCode.Should().Be(HttpStatusCode.OK);
            price.StatusCode.Should().Be(HttpStatusCode.OK, "the payment dependency has its own bulkhead");
        }

        holding.Should().OnlyContain(call => !call.IsCompleted, "the rejection came while the permits were still held");
        Calls(await host.DiagnosticsAsync(), "video").GetProperty("rejectedByBulkhead").GetInt64().Should().Be(1);
        foreach (var call in await Task.WhenAll(holding))
        {
            call.StatusCode.Should().Be(HttpStatusCode.OK);
            call.Dispose();
        }
    }

    internal static async Task<JsonElement> ExpectProblemAsync(HttpResponseMessage response, string type)
    {
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        problem.GetProperty("type").GetString().Should().Be(type);
        problem.GetProperty("status").GetInt32().Should().Be((int)response.StatusCode);
        return problem;
    }

    /// <summary>Waits until the video circuit's break (from its first opening in <paramref name="tripped"/>) is over.</summary>
    private static async Task WaitOutTheBreakAsync(JsonElement tripped, TimeSpan breakDuration)
    {
        var openedAt = Circuit(tripped, "video").GetProperty("recentTransitions")[0].GetProperty("at").GetDateTimeOffset();
        var breakLeft = openedAt + breakDuration + TimeSpan.FromMilliseconds(100) - DateTimeOffset.UtcNow;
        if (breakLeft > TimeSpan.Zero)
        {
            await Task.Delay(breakLeft, Cancel);
        }
    }

    private static JsonElement Circuit(JsonElement report, string dependency) =>
        report.GetProperty("dependencies").GetProperty(dependency).GetProperty("circuit");

    private static JsonElement Calls(JsonElement report, string dependency) =>
        report.GetProperty("dependencies").GetProperty(dependency).GetProperty("calls");

    private static Task<HttpResponseMessage> PurchaseAsync(CoursePageHost host, string idempotencyKey)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/courses/algebra-1/purchases")
        {
            Content = JsonContent.Create(new { studentId = "student-42" }),
        };
        request.Headers.Add("Idempotency-Key", idempotencyKey);
        return host.Client.SendAsync(request, Cancel);
    }
}
