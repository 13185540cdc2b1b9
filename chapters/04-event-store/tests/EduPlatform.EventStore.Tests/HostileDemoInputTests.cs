using System.Text.Json;
using System.Text;
using EduPlatform.Harness.Waiting;

namespace EduPlatform.EventStore.Tests;

/// <summary>
/// Whatever a client sends, the demo answers a 4xx RFC 9457 problem (never a 500, never a stack trace)
/// and writes nothing. No test in this class may append successfully: the last check is "0 events".
/// </summary>
public sealed class HostileDemoInputTests(DemoFixture demo) : IClassFixture<DemoFixture>
{
    private const string Lesson = """{"eventId": "6f1c1a52-3f55-4c28-8d84-7b7c5a1e9b10", "type": "lesson-completed", "data": {"lessonId": "intro"}}""";

    public static TheoryData<string, string, string?, int> Requests => new()
    {
        // what, path, JSON body (null: GET), expected status
        { "malformed JSON", "/streams/enrollment-1", """{"expectedVersion": "any", "events": [""", 400 },
        { "a JSON array instead of an object", "/streams/enrollment-1", "[]", 400 },
        { "the JSON literal null", "/streams/enrollment-1", "null", 400 },
        { "no events", "/streams/enrollment-1", """{"expectedVersion": "any", "events": []}""", 400 },
        { "events missing", "/streams/enrollment-1", """{"expectedVersion": "any"}""", 400 },
        { "a null event", "/streams/enrollment-1", """{"expectedVersion": "any", "events": [null]}""", 400 },
        { "unknown event type", "/streams/enrollment-1", """{"expectedVersion": "any", "events": [{"eventId": "6f1c1a52-3f55-4c28-8d84-7b7c5a1e9b10", "type": "course-deleted", "data": {}}]}""", 400 },
        { "a retired (upcast-only) type name", "/streams/enrollment-1", """{"expectedVersion": "any", "events": [{"eventId": "6f1c1a52-3f55-4c28-8d84-7b7c5a1e9b10", "type": "payment-captured.v1", "data": {"amount": 1}}]}""", 400 },
        { "reserved stream id $all", "/streams/%24all", $$"""{"expectedVersion": "any", "events": [{{Lesson}}]}""", 400 },
        { "stream id with a space", "/streams/enrollment%201", $$"""{"expectedVersion": "any", "events": [{{Lesson}}]}""", 400 },
        { "stream id with a quote", "/streams/enrollment-1'--", $$"""{"expectedVersion": "any", "events": [{{Lesson}}]}""", 400 },
        { "stream id of 201 characters", "/streams/" + new string('a', 201), $$"""{"expectedVersion": "any", "events": [{{Lesson}}]}""", 400 },
        { "expected version a word", "/streams/enrollment-1", $$"""{"expectedVersion": "sometimes", "events": [{{Lesson}}]}""", 400 },
        { "expected version negative", "/streams/enrollment-1", $$"""{"expectedVersion": -5, "events": [{{Lesson}}]}""", 400 },
        { "expected version fractional", "/streams/enrollment-1", $$"""{"expectedVersion": 1.5, "events": [{{Lesson}}]}""", 400 },
        { "expected version boolean", "/streams/enrollment-1", $$"""{"expectedVersion": true, "events": [{{Lesson}}]}""", 400 },
        { "expected version missing", "/streams/enrollment-1", $$"""{"events": [{{Lesson}}]}""", 400 },
        { "event id missing", "/streams/enrollment-1", """{"expectedVersion": "any", "events": [{"type": "lesson-completed", "data": {"lessonId": "x"}}]}""", 400 },
        { "event id not a uuid", "/streams/enrollment-1", """{"expectedVersion": "any", "events": [{"eventId": "42", "type": "lesson-completed", "data": {"lessonId": "x"}}]}""", 400 },
        { "event id all zeros", "/streams/enrollment-1", """{"expectedVersion": "any", "events": [{"eventId": "00000000-0000-0000-0000-000000000000", "type": "lesson-completed", "data": {"lessonId": "x"}}]}""", 400 },
        { "the same event id twice", "/streams/enrollment-1", $$"""{"expectedVersion": "any", "events": [{{Lesson}}, {{Lesson}}]}""", 400 },
        { "data missing a required field", "/streams/enrollment-1", """{"expectedVersion": "any", "events": [{"eventId": "6f1c1a52-3f55-4c28-8d84-7b7c5a1e9b10", "type": "student-enrolled", "data": {"courseId": "x"}}]}""", 400 },
        { "data with a field of the wrong type", "/streams/enrollment-1", """{"expectedVersion": "any", "events": [{"eventId": "6f1c1a52-3f55-4c28-8d84-7b7c5a1e9b10", "type": "payment-captured.v2", "data": {"amountCents": "lots", "currency": "USD", "paymentReference": "p"}}]}""", 400 },
        { "data a string", "/streams/enrollment-1", """{"expectedVersion": "any", "events": [{"eventId": "6f1c1a52-3f55-4c28-8d84-7b7c5a1e9b10", "type": "lesson-completed", "data": "intro"}]}""", 400 },
        { "data null", "/streams/enrollment-1", """{"expectedVersion": "any", "events": [{"eventId": "6f1c1a52-3f55-4c28-8d84-7b7c5a1e9b10", "type": "lesson-completed", "data": null}]}""", 400 },
        { "metadata with a non-string value", "/streams/enrollment-1", """{"expectedVersion": "any", "events": [{"eventId": "6f1c1a52-3f55-4c28-8d84-7b7c5a1e9b10", "type": "lesson-completed", "data": {"lessonId": "x"}, "metadata": {"n": 1}}]}""", 400 },
        { "101 events (limit 100)", "/streams/enrollment-1", ManyLessons(101), 400 },
        { "an event of 70 KiB (limit 64 KiB)", "/streams/enrollment-1", $$$"""{"expectedVersion": "any", "events": [{"eventId": "6f1c1a52-3f55-4c28-8d84-7b7c5a1e9b10", "type": "lesson-completed", "data": {"lessonId": "{{{new string('x', 70 * 1024)}}}"}}]}""", 413 },
        { "a body of 2 MiB (limit 1 MiB)", "/streams/enrollment-1", $$"""{"expectedVersion": "any", "padding": "{{new string('x', 2 * 1024 * 1024)}}", "events": [{{Lesson}}]}""", 413 },
        { "deeply nested JSON", "/streams/enrollment-1", new string('[', 5_000) + new string(']', 5_000), 400 },
        { "read count zero", "/streams/enrollment-1?count=0", null, 400 },
        { "read count not a number", "/streams/enrollment-1?count=many", null, 400 },
        { "read count over the limit", "/all?count=100000", null, 400 },
        { "read direction unknown", "/streams/enrollment-1?direction=sideways", null, 400 },
        { "read all after a negative position", "/all?after=-1", null, 400 },
        { "read an invalid stream", "/streams/%24all", null, 400 },
        { "an unknown route", "/no-such-thing", null, 404 },
        { "an unknown enrollment", "/enrollments/no-such-enrollment", null, 404 },
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task Is_refused_with_a_problem(string what, string path, string? body, int expectedStatus)
    {
        using var response = body is null
            ? await demo.Client.GetAsync(path, CurrentTest.Cancellation)
            : await demo.Client.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"), CurrentTest.Cancellation);

        await ExpectProblemAsync(response, expectedStatus, what);
        (await demo.System.CountEventsAsync()).Should().Be(0, $"{what} must not write anything");
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_refused_with_415()
    {
        using var response = await demo.Client.PostAsync("/streams/enrollment-1", new StringContent("expectedVersion=any", Encoding.UTF8, "text/plain"), CurrentTest.Cancellation);

        await ExpectProblemAsync(response, 415, "a text/plain body");
    }

    [Fact]
    public async Task Concurrent_hostile_requests_leave_the_store_empty_and_the_app_healthy()
    {
        var posts = Requests.Select(row => row.Data).Where(row => row.Item3 is not null).Select(row => (Path: row.Item2, Body: row.Item3!)).ToList();
        var responses = await Task.WhenAll(Enumerable.Range(0, 4).SelectMany(_ => posts).Select(async post =>
        {
            using var response = await demo.Client.PostAsync(post.Path, new StringContent(post.Body, Encoding.UTF8, "application/json"), CurrentTest.Cancellation);
            return (int)response.StatusCode;
        }));

        responses.Should().OnlyContain(status => status >= 400 && status < 500);
        (await demo.System.CountEventsAsync()).Should().Be(0);
        (await demo.Client.GetAsync("/all", CurrentTest.Cancellation)).IsSuccessStatusCode.Should().BeTrue();
    }

    private static async Task ExpectProblemAsync(HttpResponseMessage response, int expectedStatus, string what)
    {
        ((int)response.StatusCode).Should().Be(expectedStatus, what);
        response.Content.Headers.ContentType?.MediaType.Should().Be("application/problem+json", what);
        var text = await response.Content.ReadAsStringAsync(CurrentTest.Cancellation);
        var problem = JsonSerializer.Deserialize<JsonElement>(text);
        problem.GetProperty("status").GetInt32().Should().Be(expectedStatus);
        problem.GetProperty("title").GetString().Should().NotBeNullOrWhiteSpace();
        text.Should().NotContain("   at ", "no stack trace leaks").And.NotContain("Npgsql").And.NotContain("Exception");
    }

    private static string ManyLessons(int count) =>
        JsonSerializer.Serialize(new
        {
            expectedVersion = "any",
            events = Enumerable.Range(0, count).Select(i => new { eventId = Guid.NewGuid(), type = "lesson-completed", data = new { lessonId = $"l{i}" } }),
        });
}
