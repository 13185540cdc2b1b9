extern alias fakes;

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EduPlatform.Harness.Hosting;
using EduPlatform.Harness.Waiting;

namespace EduPlatform.CircuitBreaker.Tests.CoursePage;

/// <summary>
/// The stand-in dependencies a learner runs next to the course page: their fault knobs do what the README says.
/// Hosted by the harness on a real loopback port, as the course page reaches them.
/// </summary>
public sealed class FakeDependenciesTests : IAsyncLifetime
{
    private readonly WatchedClock _clock = new();
    private ServiceInstance _fakes = null!;
    private HttpClient _client = null!;

    public async ValueTask InitializeAsync()
    {
        _fakes = await ServiceHost.StartAsync(
            ServiceApp.FromEntryPoint<fakes::Program>("fakes"), new ServiceHostOptions { TimeProvider = _clock }, CurrentTest.Cancellation);
        _client = _fakes.CreateClient();
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _fakes.DisposeAsync();
    }

    [Fact]
    public async Task Healthy_by_default_they_answer_the_routes_the_course_page_calls()
    {
        (await _client.GetFromJsonAsync<JsonElement>("/videos/algebra-1", CurrentTest.Cancellation)).GetProperty("manifest").GetString().Should().Contain("algebra-1");
        (await _client.GetFromJsonAsync<JsonElement>("/prices/algebra-1", CurrentTest.Cancellation)).GetProperty("amount").GetInt32().Should().Be(4900);
        using var payment = await _client.PostAsJsonAsync("/payments", new { courseId = "algebra-1", studentId = "s-1" }, CurrentTest.Cancellation);
        payment.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Injected_failures_answer_with_the_chosen_status_and_Retry_After_and_are_counted()
    {
        using (var set = await _client.PutAsJsonAsync("/faults/video", new { failureRate = 1, failureStatus = 503, retryAfterSeconds = 7 }, CurrentTest.Cancellation))
        {
            set.StatusCode.Should().Be(HttpStatusCode.OK);
        }

        using var failed = await _client.GetAsync("/videos/algebra-1", CurrentTest.Cancellation);
        using var unaffected = await _client.GetAsync("/prices/algebra-1", CurrentTest.Cancellation);

        failed.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        failed.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(7));
        unaffected.StatusCode.Should().Be(HttpStatusCode.OK, "faults are per dependency");
        var board = await _client.GetFromJsonAsync<JsonElement>("/faults", CurrentTest.Cancellation);
        board.GetProperty("video").GetProperty("requests").GetInt64().Should().Be(1);
        board.GetProperty("payments").GetProperty("requests").GetInt64().Should().Be(1);
    }

    [Fact]
    public async Task Injected_latency_delays_the_answer()
    {
        (await _client.PutAsJsonAsync("/faults/payments", new { latencyMs = 300 }, CurrentTest.Cancellation)).EnsureSuccessStatusCode().Dispose();

        var answer = _client.GetAsync("/prices/algebra-1", CurrentTest.Cancellation);
        await _clock.WaitUntilScheduledAsync(TimeSpan.FromMilliseconds(300), "the fake waits out its latency");
        _clock.Advance(TimeSpan.FromMilliseconds(299));
        await Task.Delay(TimeSpan.FromMilliseconds(50), CurrentTest.Cancellation);
        answer.IsCompleted.Should().BeFalse("1 ms of the latency is left");

        _clock.Advance(TimeSpan.FromMilliseconds(1));
        using var slow = await answer;

        slow.StatusCode.Should().Be(HttpStatusCode.OK, "the answer came once its 300 ms had passed");
    }

    [Theory]
    [InlineData("video", "{\"failureRate\": 2}")]
    [InlineData("video", "{\"latencyMs\": -1}")]
    [InlineData("payments", "{\"failureStatus\": 200}")]
    [InlineData("payments", "{\"retryAfterSeconds\": 0}")]
    [InlineData("search", "{}")]
    public async Task Impossible_faults_are_refused(string dependency, string body)
    {
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");

        using var response = await _client.PutAsync($"/faults/{dependency}", content, CurrentTest.Cancellation);

        ((int)response.StatusCode).Should().BeInRange(400, 499);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
    }
}
