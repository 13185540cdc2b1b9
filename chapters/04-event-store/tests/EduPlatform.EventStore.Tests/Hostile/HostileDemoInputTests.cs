using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using EduPlatform.Harness.Hosting;
using EduPlatform.Harness.Waiting;

namespace EduPlatform.EventStore.Tests.Hostile;

/// <summary>
/// Whatever a client sends, the demo (on a real Kestrel port) answers a 4xx: an RFC 9457 problem with no internal detail
/// when the app answers, a bare status when the web server refuses the request before the app runs (malformed HTTP),
/// never a 500, never a stack trace, and it writes nothing: no request in this class may append (each checks the
/// store's count before and after it, so a request that wrongly appends is named, and the concurrent run expects 0).
/// </summary>
public sealed class HostileDemoInputTests(DemoFixture demo) : IClassFixture<DemoFixture>, IDisposable
{
    private const string Lesson = """{"eventId": "6f1c1a52-3f55-4c28-8d84-7b7c5a1e9b10", "type": "lesson-completed", "data": {"lessonId": "intro"}}""";
    private const string EventId = "6f1c1a52-3f55-4c28-8d84-7b7c5a1e9b10";

    // Words an answer must not contain: they would tell an attacker about the code or the machine.
    private static readonly string[] InternalDetail =
        ["   at ", "Exception", "Npgsql", "System.", "Microsoft.", "AppendRequest", "EventTypeRegistry", ".cs:line", "/work/", "StackTrace", "22P0"];

    // Expect: 100-continue, and the client waits for the server's word before sending a body: an oversized body is then
    // refused (413) before it is sent, instead of racing the server closing the connection under it.
    private readonly HttpClient _client = new(new SocketsHttpHandler { Expect100ContinueTimeout = TimeSpan.FromMinutes(1) })
    {
        BaseAddress = demo.System.Demo!.BaseAddress,
        DefaultRequestHeaders = { ExpectContinue = true },
    };

    /// <summary>What, the surface (for the count per surface), method, path, JSON body (null: none), the expected 4xx.</summary>
    public static TheoryData<string, string, string, string, string?, int> Requests => new()
    {
        // Malformed JSON
        Append("malformed JSON (truncated)", """{"expectedVersion": "any", "events": [""", 400),
        Append("not JSON at all", "expectedVersion=any", 400),
        Append("an empty body", "", 400),
        Append("a JSON array instead of an object", "[]", 400),
        Append("the JSON literal null", "null", 400),
        Append("a bare JSON string", "\"any\"", 400),
        Append("a bare JSON number", "42", 400),
        Append("trailing garbage after the object", $$"""{"expectedVersion": "any", "events": [{{Lesson}}]} x""", 400),
        Append("single-quoted JSON", $$"""{'expectedVersion': 'any', 'events': [{{Lesson}}]}""", 400),
        Append("a comment in the JSON", $$"""{"expectedVersion": "any", /* hi */ "events": [{{Lesson}}]}""", 400),
        Append("a trailing comma", $$"""{"expectedVersion": "any", "events": [{{Lesson}}],}""", 400),
        Append("expectedVersion given twice", $$"""{"expectedVersion": "no-stream", "expectedVersion": 7, "events": [{{Lesson}}]}""", 400),
        Append("a property of data given twice", Event("lesson-completed", """{"lessonId": "a", "lessonId": "b"}"""), 400),
        Append("a metadata key given twice", Event("lesson-completed", """{"lessonId": "a"}""", metadata: """{"k": "1", "k": "2"}"""), 400),
        Append("deeply nested JSON", new string('[', 5_000) + new string(']', 5_000), 400),
        Append("data nested 200 levels deep", Event("lesson-completed", Nest(200)), 400),
        // Wrong types and missing fields
        Append("expected version a word", $$"""{"expectedVersion": "sometimes", "events": [{{Lesson}}]}""", 400),
        Append("expected version negative", $$"""{"expectedVersion": -5, "events": [{{Lesson}}]}""", 400),
        Append("expected version fractional", $$"""{"expectedVersion": 1.5, "events": [{{Lesson}}]}""", 400),
        Append("expected version in exponent form", $$"""{"expectedVersion": 1e2, "events": [{{Lesson}}]}""", 400),
        Append("expected version beyond a 64-bit integer", $$"""{"expectedVersion": 99999999999999999999, "events": [{{Lesson}}]}""", 400),
        Append("expected version boolean", $$"""{"expectedVersion": true, "events": [{{Lesson}}]}""", 400),
        Append("expected version an object", $$"""{"expectedVersion": {}, "events": [{{Lesson}}]}""", 400),
        Append("expected version a number sent as a string", $$"""{"expectedVersion": "0", "events": [{{Lesson}}]}""", 400),
        Append("expected version missing", $$"""{"events": [{{Lesson}}]}""", 400),
        Append("events missing", """{"expectedVersion": "any"}""", 400),
        Append("no events", """{"expectedVersion": "any", "events": []}""", 400),
        Append("events an object", $$"""{"expectedVersion": "any", "events": {{Lesson}}}""", 400),
        Append("events a string", """{"expectedVersion": "any", "events": "lesson"}""", 400),
        Append("a null event", """{"expectedVersion": "any", "events": [null]}""", 400),
        Append("an event that is an array", """{"expectedVersion": "any", "events": [[]]}""", 400),
        Append("event id missing", """{"expectedVersion": "any", "events": [{"type": "lesson-completed", "data": {"lessonId": "x"}}]}""", 400),
        Append("event id not a uuid", Event("lesson-completed", """{"lessonId": "x"}""", eventId: "\"42\""), 400),
        Append("event id a number", Event("lesson-completed", """{"lessonId": "x"}""", eventId: "42"), 400),
        Append("event id all zeros", Event("lesson-completed", """{"lessonId": "x"}""", eventId: "\"00000000-0000-0000-0000-000000000000\""), 400),
        Append("the same event id twice", $$"""{"expectedVersion": "any", "events": [{{Lesson}}, {{Lesson}}]}""", 400),
        Append("type missing", $$$"""{"expectedVersion": "any", "events": [{"eventId": "{{{EventId}}}", "data": {"lessonId": "x"}}]}""", 400),
        Append("type empty", Event("", """{"lessonId": "x"}"""), 400),
        Append("type a number", $$$"""{"expectedVersion": "any", "events": [{"eventId": "{{{EventId}}}", "type": 7, "data": {"lessonId": "x"}}]}""", 400),
        Append("unknown event type", Event("course-deleted", "{}"), 400),
        Append("a retired (upcast-only) type name", Event("payment-captured.v1", """{"amount": 1}"""), 400),
        Append("data missing a required field", Event("student-enrolled", """{"courseId": "x"}"""), 400),
        Append("data with a field of the wrong type", Event("payment-captured.v2", """{"amountCents": "lots", "currency": "USD", "paymentReference": "p"}"""), 400),
        Append("data with a number sent as a string", Event("payment-captured.v2", """{"amountCents": "12", "currency": "USD", "paymentReference": "p"}"""), 400),
        Append("data with a fractional amount of cents", Event("payment-captured.v2", """{"amountCents": 12.5, "currency": "USD", "paymentReference": "p"}"""), 400),
        Append("data with a student id that is not a uuid", Event("student-enrolled", """{"studentId": "s-1", "courseId": "x", "enrolledAt": "2025-09-01T08:00:00Z"}"""), 400),
        Append("data with a date that is not a date", Event("student-enrolled", $$"""{"studentId": "{{EventId}}", "courseId": "x", "enrolledAt": "Tuesday"}"""), 400),
        Append("data a string", Event("lesson-completed", "\"intro\""), 400),
        Append("data null", Event("lesson-completed", "null"), 400),
        Append("data an array", Event("lesson-completed", """[{"lessonId": "x"}]"""), 400),
        Append("metadata with a non-string value", Event("lesson-completed", """{"lessonId": "x"}""", metadata: """{"n": 1}"""), 400),
        Append("metadata an array", Event("lesson-completed", """{"lessonId": "x"}""", metadata: """["correlationId"]"""), 400),
        // NUL and broken Unicode: PostgreSQL's jsonb cannot hold either
        Append("a NUL character in data", Event("lesson-completed", """{"lessonId": "in\u0000tro"}"""), 400),
        Append("a NUL character in a metadata value", Event("lesson-completed", """{"lessonId": "x"}""", metadata: """{"correlationId": "a\u0000"}"""), 400),
        Append("a NUL character as a metadata key", Event("lesson-completed", """{"lessonId": "x"}""", metadata: """{"\u0000": "a"}"""), 400),
        Append("a NUL character in the event type", Event("lesson-completed\u0000", """{"lessonId": "x"}"""), 400),
        Append("expected version a lone surrogate", $$"""{"expectedVersion": "\ud800", "events": [{{Lesson}}]}""", 400),
        Append("a lone high surrogate in data", Event("lesson-completed", """{"lessonId": "\ud800"}"""), 400),
        Append("a lone low surrogate in data", Event("lesson-completed", """{"lessonId": "x\udc00y"}"""), 400),
        Append("a lone surrogate in a metadata value", Event("lesson-completed", """{"lessonId": "x"}""", metadata: """{"correlationId": "\ud800"}"""), 400),
        Append("a lone surrogate in the event type", $$$"""{"expectedVersion": "any", "events": [{"eventId": "{{{EventId}}}", "type": "\ud800", "data": {"lessonId": "x"}}]}""", 400),
        Append("a lone surrogate in the event id", Event("lesson-completed", """{"lessonId": "x"}""", eventId: "\"\\ud800\""), 400),
        // Huge
        Append("101 events (limit 100)", ManyLessons(101), 400),
        Append("an event of 70 KiB (limit 64 KiB)", Event("lesson-completed", $$"""{"lessonId": "{{new string('x', 70 * 1024)}}"}"""), 413),
        Append("metadata of 70 KiB (it counts towards the event's size)", Event("lesson-completed", """{"lessonId": "x"}""", metadata: $$"""{"note": "{{new string('m', 70 * 1024)}}"}"""), 413),
        Append("an event type name of 100 KiB", Event(new string('t', 100 * 1024), """{"lessonId": "x"}"""), 400),
        Append("a body of 2 MiB (limit 1 MiB)", $$"""{"expectedVersion": "any", "padding": "{{new string('x', 2 * 1024 * 1024)}}", "events": [{{Lesson}}]}""", 413),
        // Stream ids in the path
        { "reserved stream id $all", "POST /streams/{id}", "POST", "/streams/%24all", LessonAppend, 400 },
        { "stream id with a space", "POST /streams/{id}", "POST", "/streams/enrollment%201", LessonAppend, 400 },
        { "stream id with a quote (SQL)", "POST /streams/{id}", "POST", "/streams/enrollment-1'--", LessonAppend, 400 },
        { "stream id with a slash encoded", "POST /streams/{id}", "POST", "/streams/enrollment%2F1", LessonAppend, 400 },
        { "stream id with non-ASCII letters", "POST /streams/{id}", "POST", "/streams/%C3%A9l%C3%A8ve-1", LessonAppend, 400 },
        { "stream id with a right-to-left override", "POST /streams/{id}", "POST", "/streams/enrollment-%E2%80%AE1", LessonAppend, 400 },
        { "stream id of 201 characters", "POST /streams/{id}", "POST", "/streams/" + new string('a', 201), LessonAppend, 400 },
        // Streams that do not exist (a conflict, nothing stored)
        { "stream-exists on a stream that does not exist", "POST /streams/{id}", "POST", "/streams/enrollment-missing", $$"""{"expectedVersion": "stream-exists", "events": [{{Lesson}}]}""", 409 },
        { "version 5 on a stream that does not exist", "POST /streams/{id}", "POST", "/streams/enrollment-missing", $$"""{"expectedVersion": 5, "events": [{{Lesson}}]}""", 409 },
        // Reads
        Read("read count zero", "/streams/enrollment-1?count=0"),
        Read("read count not a number", "/streams/enrollment-1?count=many"),
        Read("read count negative", "/streams/enrollment-1?count=-1"),
        Read("read count with a plus sign", "/streams/enrollment-1?count=%2B5"),
        Read("read count with a leading space", "/streams/enrollment-1?count=%205"),
        Read("read count in exponent form", "/streams/enrollment-1?count=1e2"),
        Read("read count given twice", "/streams/enrollment-1?count=1&count=2"),
        Read("read from negative", "/streams/enrollment-1?from=-1"),
        Read("read from beyond a 64-bit integer", "/streams/enrollment-1?from=99999999999999999999"),
        Read("read direction unknown", "/streams/enrollment-1?direction=sideways"),
        Read("read an invalid stream", "/streams/%24all"),
        Read("read all: count over the limit", "/all?count=100000"),
        Read("read all: after a negative position", "/all?after=-1"),
        Read("read all: after with a trailing NUL", "/all?after=1%00"),
        Read("read all: after a fraction", "/all?after=1.5"),
        Read("read all: after in hex", "/all?after=0x10"),
        { "an enrollment that does not exist", "GET /enrollments/{id}", "GET", "/enrollments/no-such-enrollment", null, 404 },
        { "an enrollment id making an invalid stream id", "GET /enrollments/{id}", "GET", "/enrollments/%24all", null, 400 },
        { "an enrollment id of 300 characters", "GET /enrollments/{id}", "GET", "/enrollments/" + new string('e', 300), null, 400 },
        // Routes and methods
        { "an unknown route", "other routes", "GET", "/no-such-thing", null, 404 },
        { "DELETE a stream", "other routes", "DELETE", "/streams/enrollment-1", null, 405 },
        { "PUT a stream", "other routes", "PUT", "/streams/enrollment-1", LessonAppend, 405 },
        { "POST to $all's reader", "other routes", "POST", "/all", LessonAppend, 405 },
        { "PATCH an enrollment", "other routes", "PATCH", "/enrollments/1", "{}", 405 },
    };

    /// <summary>Content types other than JSON: refused before the body is read.</summary>
    public static TheoryData<string, string?> ContentTypes => new()
    {
        { "text/plain", "text/plain" },
        { "form-encoded", "application/x-www-form-urlencoded" },
        { "XML", "application/xml" },
        { "no content type at all", null },
    };

    /// <summary>
    /// HTTP that HttpClient will not send. Kestrel refuses most of it itself, before any middleware runs (framing,
    /// oversized headers, a NUL in the path), with a bare status and an empty body: that leaks nothing, and the app cannot
    /// shape it into problem+json. What it lets through (broken chunked framing is found while the app reads the body)
    /// the app answers with a problem. Last column: answered by the app (true) or by the web server (false).
    /// </summary>
    public static TheoryData<string, byte[], int, bool> MalformedHttp => new()
    {
        { "two Content-Length headers that disagree", Raw("POST", "/streams/enrollment-1", ["Content-Length: 4", "Content-Length: 9", "Content-Type: application/json"], "null"), 400, false },
        { "two Host headers", Raw("GET", "/all", ["Host: b.example"]), 400, false },
        { "a NUL in the path", Raw("GET", "/streams/enrollment%001", []), 400, false },
        { "a header of 40 KiB", Raw("GET", "/all", [$"X-Padding: {new string('p', 40 * 1024)}"]), 431, false },
        { "150 headers of 250 bytes", Raw("GET", "/all", [.. Enumerable.Range(0, 150).Select(i => $"X-H{i}: {new string('h', 250)}")]), 431, false },
        { "a request line of 10 KiB", Raw("GET", "/streams/" + new string('a', 10 * 1024), []), 414, false },
        { "a chunk size that overflows", Raw("POST", "/streams/enrollment-1", ["Transfer-Encoding: chunked", "Content-Type: application/json"], "ffffffffffffffffffff\r\n{}\r\n0\r\n\r\n"), 400, true },
        { "a chunk size that is not hex", Raw("POST", "/streams/enrollment-1", ["Transfer-Encoding: chunked", "Content-Type: application/json"], "zz\r\n{}\r\n0\r\n\r\n"), 400, true },
        { "Content-Length and Transfer-Encoding together (chunked wins: an empty body)", Raw("POST", "/streams/enrollment-1", ["Content-Length: 4", "Transfer-Encoding: chunked", "Content-Type: application/json"], "0\r\n\r\n"), 400, true },
        { "two Content-Type headers (joined: not JSON)", Raw("POST", "/streams/enrollment-1", ["Content-Type: application/json", "Content-Type: text/plain"], LessonAppend), 415, true },
    };

    private static string LessonAppend => $$"""{"expectedVersion": "any", "events": [{{Lesson}}]}""";

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task Is_refused_with_a_problem_and_writes_nothing(string what, string surface, string method, string path, string? body, int expectedStatus)
    {
        _ = surface;
        var before = await demo.System.CountEventsAsync();

        using var response = await _client.SendAsync(Request(method, path, body), CurrentTest.Cancellation);

        await ExpectProblemAsync(response, expectedStatus, what);
        (await demo.System.CountEventsAsync()).Should().Be(before, $"{what} must not write anything");
    }

    [Theory]
    [MemberData(nameof(ContentTypes))]
    public async Task A_body_that_is_not_declared_json_is_refused_with_415(string what, string? contentType)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/streams/enrollment-1") { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(LessonAppend)) };
        request.Content.Headers.ContentType = contentType is null ? null : new MediaTypeHeaderValue(contentType);

        var before = await demo.System.CountEventsAsync();

        using var response = await _client.SendAsync(request, CurrentTest.Cancellation);

        await ExpectProblemAsync(response, 415, what);
        (await demo.System.CountEventsAsync()).Should().Be(before);
    }

    [Theory]
    [InlineData("invalid UTF-8 (a lone continuation byte)", new byte[] { 0x7B, 0x22, 0x65, 0x22, 0x3A, 0x22, 0x80, 0x22, 0x7D })]
    [InlineData("a raw NUL byte between tokens", new byte[] { 0x7B, 0x00, 0x7D })]
    [InlineData("UTF-16 instead of UTF-8", new byte[] { 0xFF, 0xFE, 0x7B, 0x00, 0x7D, 0x00 })]
    public async Task A_body_of_bytes_that_are_not_utf8_json_is_refused_with_a_problem(string what, byte[] body)
    {
        using var content = new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } };

        var before = await demo.System.CountEventsAsync();

        using var response = await _client.PostAsync("/streams/enrollment-1", content, CurrentTest.Cancellation);

        await ExpectProblemAsync(response, 400, what);
        (await demo.System.CountEventsAsync()).Should().Be(before);
    }

    [Theory]
    [MemberData(nameof(MalformedHttp))]
    public async Task Malformed_http_gets_a_4xx_that_leaks_nothing(string what, byte[] request, int expectedStatus, bool answeredByTheApp)
    {
        var before = await demo.System.CountEventsAsync();

        var answer = await RawHttpConnection.ExchangeAsync(demo.System.Demo!.BaseAddress, request, CurrentTest.Cancellation);

        answer.Status.Should().Be(expectedStatus, what);
        if (answeredByTheApp)
        {
            answer.ContentType.Should().Be("application/problem+json", what);
            foreach (var word in InternalDetail)
            {
                answer.Body.Should().NotContain(word, $"{what}: no internal detail leaks");
            }
        }
        else
        {
            answer.Body.Should().BeEmpty(what);
        }

        (await demo.System.CountEventsAsync()).Should().Be(before);
    }

    [Fact]
    public async Task Concurrent_hostile_requests_leave_the_store_empty_and_the_app_healthy()
    {
        var rows = Requests.Select(row => row.Data).Select(row => (Method: row.Item3, Path: row.Item4, Body: row.Item5)).ToList();
        var before = await demo.System.CountEventsAsync();

        var statuses = await Task.WhenAll(Enumerable.Range(0, 3).SelectMany(_ => rows).Select(async row =>
        {
            using var response = await _client.SendAsync(Request(row.Method, row.Path, row.Body), CurrentTest.Cancellation);
            return (int)response.StatusCode;
        }));

        statuses.Should().OnlyContain(status => status >= 400 && status < 500);
        (await demo.System.CountEventsAsync()).Should().Be(before).And.Be(0, "no request of this class ever appends");
        (await _client.GetAsync("/all", CurrentTest.Cancellation)).IsSuccessStatusCode.Should().BeTrue();
    }

    [Fact]
    public void The_suite_sends_at_least_50_kinds_of_hostile_request()
    {
        var perSurface = Requests.Select(row => row.Data).GroupBy(row => row.Item2).Select(g => $"{g.Key}: {g.Count()}");
        var total = Requests.Count + ContentTypes.Count + 3 + MalformedHttp.Count;
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{total} hostile requests: {string.Join(", ", perSurface)}, content types: {ContentTypes.Count}, " +
            $"non-UTF-8 bodies: 3, malformed HTTP: {MalformedHttp.Count}");

        total.Should().BeGreaterThanOrEqualTo(50);
    }

    public void Dispose() => _client.Dispose();

    private static async Task ExpectProblemAsync(HttpResponseMessage response, int expectedStatus, string what)
    {
        ((int)response.StatusCode).Should().Be(expectedStatus, what);
        response.Content.Headers.ContentType?.MediaType.Should().Be("application/problem+json", what);
        var text = await response.Content.ReadAsStringAsync(CurrentTest.Cancellation);
        var problem = JsonSerializer.Deserialize<JsonElement>(text);
        problem.GetProperty("status").GetInt32().Should().Be(expectedStatus, what);
        problem.GetProperty("title").GetString().Should().NotBeNullOrWhiteSpace(what);
        foreach (var word in InternalDetail)
        {
            text.Should().NotContain(word, $"{what}: no internal detail leaks");
        }

        text.Length.Should().BeLessThan(2_000, $"{what}: the answer does not echo the hostile input back");
    }

    private static HttpRequestMessage Request(string method, string path, string? body) =>
        new(new HttpMethod(method), path) { Content = body is null ? null : new StringContent(body, Encoding.UTF8, "application/json") };

    private static TheoryDataRow<string, string, string, string, string?, int> Append(string what, string body, int status) =>
        new(what, "POST /streams/{id}", "POST", "/streams/enrollment-1", body, status);

    private static TheoryDataRow<string, string, string, string, string?, int> Read(string what, string path) =>
        new(what, path.StartsWith("/all", StringComparison.Ordinal) ? "GET /all" : "GET /streams/{id}", "GET", path, null, 400);

    /// <summary>An append of one event, its parts given as JSON text.</summary>
    private static string Event(string type, string data, string eventId = $"\"{EventId}\"", string? metadata = null) =>
        $$"""{"expectedVersion": "any", "events": [{"eventId": {{eventId}}, "type": {{JsonSerializer.Serialize(type)}}, "data": {{data}}{{(metadata is null ? "" : $", \"metadata\": {metadata}")}}}]}""";

    private static string Nest(int depth) => string.Concat(Enumerable.Repeat("""{"a": """, depth)) + "1" + new string('}', depth);

    private static string ManyLessons(int count) =>
        JsonSerializer.Serialize(new
        {
            expectedVersion = "any",
            events = Enumerable.Range(0, count).Select(i => new { eventId = Guid.NewGuid(), type = "lesson-completed", data = new { lessonId = $"l{i}" } }),
        });

    /// <summary>A request written by hand, with a Content-Length for <paramref name="body"/> unless the headers frame it themselves.</summary>
    private static byte[] Raw(string method, string target, string[] headers, string? body = null) =>
        RawHttpConnection.Request(method, target,
            body is null || headers.Any(h => h.StartsWith("Content-Length", StringComparison.Ordinal) || h.StartsWith("Transfer-Encoding", StringComparison.Ordinal))
                ? headers
                : [.. headers, $"Content-Length: {Encoding.UTF8.GetByteCount(body)}"],
            body ?? "");
}
