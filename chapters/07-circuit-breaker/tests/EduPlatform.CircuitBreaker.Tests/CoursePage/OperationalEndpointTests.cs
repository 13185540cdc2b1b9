using System.Net;
using System.Text.Json;
using EduPlatform.CoursePage.Testing;
using EduPlatform.Harness.Faults;
using EduPlatform.Harness.Waiting;

namespace EduPlatform.CircuitBreaker.Tests.CoursePage;

/// <summary>
/// <c>/diagnostics/resilience</c> is the contract the load scenarios read (when did the circuit open, how many calls
/// reached the dependency), so its shape is pinned here; and the health endpoints keep their meaning under failure.
/// </summary>
public sealed class OperationalEndpointTests
{
    [Fact]
    public async Task The_diagnostics_report_has_the_shape_load_scenarios_rely_on()
    {
        var clock = new WatchedClock();
        await using var system = await CoursePageSystem.StartAsync(
            CoursePageSettings.Spec.WithPayments(payments => payments.CircuitBreaker.Enabled = false) with { Clock = clock },
            CurrentTest.Cancellation);

        var report = await system.DiagnosticsJsonAsync(CurrentTest.Cancellation);

        report.GetProperty("at").GetDateTimeOffset().Should().Be(clock.GetUtcNow(), "the report is stamped on the service's clock, now");
        Names(report.GetProperty("server")).Should().Equal("maxConcurrentRequests", "requestQueueLimit", "inUse", "queued", "rejected");
        Names(report.GetProperty("dependencies")).Should().BeEquivalentTo("video", "payments");
        foreach (var dependency in report.GetProperty("dependencies").EnumerateObject())
        {
            Names(dependency.Value).Should().Equal("circuit", "calls", "bulkhead", "settings");
            Names(dependency.Value.GetProperty("circuit")).Should().Equal("enabled", "state", "opened", "halfOpened", "closed", "recentTransitions");
            Names(dependency.Value.GetProperty("calls")).Should().Equal(
                "requested", "attempted", "succeeded", "failed", "retried", "attemptTimeouts", "totalTimeouts", "rejectedByCircuit", "rejectedByBulkhead");
            Names(dependency.Value.GetProperty("bulkhead")).Should().Equal("enabled", "permitLimit", "queueLimit", "inUse", "queued");
            Names(dependency.Value.GetProperty("settings")).Should().Equal("timeouts", "retry", "circuitBreaker", "bulkhead");
        }

        var video = report.GetProperty("dependencies").GetProperty("video");
        video.GetProperty("circuit").GetProperty("state").GetString().Should().Be("Closed");
        video.GetProperty("settings").GetProperty("retry").GetProperty("mode").GetString().Should().Be("BackoffWithJitter");
        video.GetProperty("settings").GetProperty("timeouts").GetProperty("attempt").GetString().Should().Be("00:00:05", "the spec's setting, shown as configured");
        var payments = report.GetProperty("dependencies").GetProperty("payments");
        payments.GetProperty("circuit").GetProperty("enabled").GetBoolean().Should().BeFalse();
        payments.GetProperty("circuit").GetProperty("state").ValueKind.Should().Be(JsonValueKind.Null, "a disabled breaker has no state");
    }

    [Fact]
    public async Task Liveness_and_readiness_stay_healthy_while_a_dependencys_circuit_is_open()
    {
        await using var system = await CoursePageSystem.StartAsync(CoursePageSettings.Spec, CurrentTest.Cancellation);
        system.Video.Map(DependencyAnswers.VideoPath, StubBehavior.Status(500));
        (await system.Client.GetAsync("/courses/algebra-1/video", CurrentTest.Cancellation)).Dispose();
        (await system.DiagnosticsAsync(CurrentTest.Cancellation)).Dependencies["video"].Circuit.State.Should().Be("Open");

        using var live = await system.Client.GetAsync("/health/live", CurrentTest.Cancellation);
        using var ready = await system.Client.GetAsync("/health/ready", CurrentTest.Cancellation);

        live.StatusCode.Should().Be(HttpStatusCode.OK);
        ready.StatusCode.Should().Be(HttpStatusCode.OK, "an instance that cannot reach video can still serve everything else");
        (await ready.Content.ReadAsStringAsync(CurrentTest.Cancellation)).Should().Be("Healthy");
    }

    [Fact]
    public async Task The_rejection_answer_rehearsed_at_startup_reaches_no_one_and_is_counted_nowhere()
    {
        await using var system = await CoursePageSystem.StartAsync(CoursePageSettings.Spec, CurrentTest.Cancellation);

        var report = await system.DiagnosticsJsonAsync(CurrentTest.Cancellation);

        report.GetProperty("server").GetProperty("rejected").GetInt64().Should().Be(0);
        foreach (var dependency in report.GetProperty("dependencies").EnumerateObject())
        {
            foreach (var counter in dependency.Value.GetProperty("calls").EnumerateObject())
            {
                counter.Value.GetInt64().Should().Be(0, $"{dependency.Name} {counter.Name} before any request");
            }
        }

        (system.Video.Journal.Count + system.Payments.Journal.Count).Should().Be(0, "the warm-up calls no dependency");
    }

    private static IEnumerable<string> Names(JsonElement element) => element.EnumerateObject().Select(p => p.Name);
}
