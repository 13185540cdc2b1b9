using System.Net.Http.Json;
using System.Net;
using System.Text.Json;
using EduPlatform.Harness.Waiting;

namespace EduPlatform.EventStore.Tests;

/// <summary>The demo's HTTP API: appends, retries, conflicts and reads.</summary>
public sealed class DemoApiTests(DemoFixture demo) : IClassFixture<DemoFixture>
{
    [Fact]
    public async Task Append_retry_read_and_load_an_enrollment_over_http()
    {
        var id = Guid.NewGuid().ToString("N");
        var enrolled = Guid.NewGuid();
        var paid = Guid.NewGuid();
        var body = new
        {
            expectedVersion = "no-stream",
            events = new object[]
            {
                new { eventId = enrolled, type = "student-enrolled", data = new { studentId = Guid.NewGuid(), courseId = "system-design-101", enrolledAt = DateTimeOffset.UnixEpoch } },
                new { eventId = paid, type = "payment-captured.v2", data = new { amountCents = 4_999, currency = "USD", paymentReference = "pay_1" }, metadata = new { correlationId = "req-1" } },
            },
        };

        var first = await demo.Client.PostAsJsonAsync($"/streams/enrollment-{id}", body, CurrentTest.Cancellation);
        var retry = await demo.Client.PostAsJsonAsync($"/streams/enrollment-{id}", body, CurrentTest.Cancellation);

        first.StatusCode.Should().Be(HttpStatusCode.OK);
        var appended = await first.Content.ReadFromJsonAsync<JsonElement>(CurrentTest.Cancellation);
        appended.GetProperty("outcome").GetString().Should().Be("appended");
        appended.GetProperty("streamVersion").GetInt64().Should().Be(2);
        var retried = await retry.Content.ReadFromJsonAsync<JsonElement>(CurrentTest.Cancellation);
        retried.GetProperty("outcome").GetString().Should().Be("already-appended");
        retried.GetProperty("firstPosition").GetInt64().Should().Be(appended.GetProperty("firstPosition").GetInt64());

        var stream = await demo.Client.GetFromJsonAsync<JsonElement>($"/streams/enrollment-{id}?direction=backward&count=1", CurrentTest.Cancellation);
        stream.GetArrayLength().Should().Be(1);
        stream[0].GetProperty("eventId").GetGuid().Should().Be(paid);
        stream[0].GetProperty("data").GetProperty("amountCents").GetInt64().Should().Be(4_999);
        stream[0].GetProperty("metadata").GetProperty("correlationId").GetString().Should().Be("req-1");

        var enrollment = await demo.Client.GetFromJsonAsync<JsonElement>($"/enrollments/{id}", CurrentTest.Cancellation);
        enrollment.GetProperty("state").GetProperty("status").GetString().Should().Be("Active");
        enrollment.GetProperty("state").GetProperty("balanceCents").GetInt64().Should().Be(4_999);
        enrollment.GetProperty("version").GetInt64().Should().Be(2);

        var all = await demo.Client.GetFromJsonAsync<JsonElement>("/all?after=0&count=1000", CurrentTest.Cancellation);
        all.EnumerateArray().Select(e => e.GetProperty("eventId").GetGuid()).Should().Contain([enrolled, paid]);
    }

    [Fact]
    public async Task A_wrong_expected_version_is_a_409_problem_with_the_actual_version_and_writes_nothing()
    {
        var stream = $"enrollment-{Guid.NewGuid():N}";
        (await demo.Client.PostAsJsonAsync($"/streams/{stream}", LessonAppend("no-stream", Guid.NewGuid()), CurrentTest.Cancellation)).EnsureSuccessStatusCode();

        var conflict = await demo.Client.PostAsJsonAsync($"/streams/{stream}", LessonAppend("no-stream", Guid.NewGuid()), CurrentTest.Cancellation);

        conflict.StatusCode.Should().Be(HttpStatusCode.Conflict);
        conflict.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var problem = await conflict.Content.ReadFromJsonAsync<JsonElement>(CurrentTest.Cancellation);
        problem.GetProperty("type").GetString().Should().EndWith("wrong-expected-version");
        problem.GetProperty("actualVersion").GetInt64().Should().Be(1);
        problem.GetProperty("expectedVersion").GetString().Should().Be("no-stream");
        (await demo.System.Store.ReadStreamVersionAsync(StreamId.Parse(stream), CurrentTest.Cancellation)).Should().Be(1);
    }

    [Fact]
    public async Task Reusing_an_event_id_for_a_different_append_is_a_409_problem()
    {
        var eventId = Guid.NewGuid();
        (await demo.Client.PostAsJsonAsync($"/streams/enrollment-{Guid.NewGuid():N}", LessonAppend("any", eventId), CurrentTest.Cancellation)).EnsureSuccessStatusCode();

        var reused = await demo.Client.PostAsJsonAsync($"/streams/enrollment-{Guid.NewGuid():N}", LessonAppend("any", eventId), CurrentTest.Cancellation);

        reused.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await reused.Content.ReadFromJsonAsync<JsonElement>(CurrentTest.Cancellation)).GetProperty("type").GetString().Should().EndWith("event-ids-reused");
    }

    [Fact]
    public async Task Reusing_an_event_id_for_other_content_in_the_same_stream_is_a_409_problem_and_keeps_what_was_stored()
    {
        var stream = $"enrollment-{Guid.NewGuid():N}";
        var eventId = Guid.NewGuid();
        (await demo.Client.PostAsJsonAsync($"/streams/{stream}", LessonAppend("no-stream", eventId), CurrentTest.Cancellation)).EnsureSuccessStatusCode();
        var otherContent = new
        {
            expectedVersion = "no-stream",
            events = new[] { new { eventId, type = "lesson-completed", data = new { lessonId = "not-intro" } } },
        };

        var reused = await demo.Client.PostAsJsonAsync($"/streams/{stream}", otherContent, CurrentTest.Cancellation);

        reused.StatusCode.Should().Be(HttpStatusCode.Conflict, "an id reused for other content must not be acknowledged as already appended");
        (await reused.Content.ReadFromJsonAsync<JsonElement>(CurrentTest.Cancellation)).GetProperty("type").GetString().Should().EndWith("event-ids-reused");
        var stored = await demo.Client.GetFromJsonAsync<JsonElement>($"/streams/{stream}", CurrentTest.Cancellation);
        stored.EnumerateArray().Select(e => e.GetProperty("data").GetProperty("lessonId").GetString()).Should().Equal("intro");
    }

    [Fact]
    public async Task An_append_with_a_NUL_character_among_50_concurrent_appends_is_a_400_problem_and_the_49_others_are_stored_once_each()
    {
        var streams = Enumerable.Range(0, 50).Select(_ => $"enrollment-{Guid.NewGuid():N}").ToList();
        const int poisoned = 23;
        var answers = await Task.WhenAll(streams.Select(async (stream, i) =>
        {
            var body = new
            {
                expectedVersion = "no-stream",
                events = new[] { new { eventId = Guid.NewGuid(), type = "lesson-completed", data = new { lessonId = i == poisoned ? "in\0tro" : "intro" } } },
            };
            using var response = await demo.Client.PostAsJsonAsync($"/streams/{stream}", body, CurrentTest.Cancellation);
            return (Status: (int)response.StatusCode, response.Content.Headers.ContentType?.MediaType);
        }));

        answers[poisoned].Should().Be((400, "application/problem+json"));
        answers.Where((_, i) => i != poisoned).Should().OnlyContain(answer => answer.Status == 200, "no innocent append fails with the poisoned one");
        foreach (var (stream, i) in streams.Select((stream, i) => (stream, i)))
        {
            (await demo.System.Store.ReadStreamVersionAsync(StreamId.Parse(stream), CurrentTest.Cancellation)).Should().Be(i == poisoned ? 0 : 1);
        }
    }

    private static object LessonAppend(string expectedVersion, Guid eventId) => new
    {
        expectedVersion,
        events = new[] { new { eventId, type = "lesson-completed", data = new { lessonId = "intro" } } },
    };
}
