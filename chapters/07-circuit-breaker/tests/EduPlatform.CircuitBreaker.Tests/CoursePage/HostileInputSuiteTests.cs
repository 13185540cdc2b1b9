using System.Text;
using System.Text.Json;
using EduPlatform.CoursePage.Testing;
using EduPlatform.Harness.Hosting;
using EduPlatform.Harness.Waiting;
using WireMock.RequestBuilders;

namespace EduPlatform.CircuitBreaker.Tests.CoursePage;

/// <summary>
/// The course page's whole HTTP surface under hostile input (issue 19), one table: malformed JSON, wrong types, NUL and
/// other control characters, unicode look-alikes, huge and deep bodies, overlong and duplicate headers, broken framing,
/// wrong methods, a bearer token it has no use for, ids that do not exist. Each request goes out as raw bytes, so the
/// table can hold what HttpClient refuses to send. Every answer must be a 4xx, problem+json wherever the service's code
/// runs at all, with nothing of its insides (no exception, type, stack frame or source path), and no request may reach
/// a dependency: the course page stores nothing itself, so "nothing stored" is nothing charged and nothing fetched.
/// </summary>
public sealed class HostileInputSuiteTests(HostileInputSuiteTests.Surface surface) : IClassFixture<HostileInputSuiteTests.Surface>
{
    // What an answer must never carry: an exception's name or frames, our types, source paths, the framework's types.
    private static readonly string[] Leaks = ["Exception", " at ", "EduPlatform.", ".cs:", "/work/", "Microsoft.", "System."];

    private static readonly string Padding = new('x', 32 * 1024);

    private static readonly HostileRequest[] Requests =
    [
        // course ids
        HostileRequest.Get("uppercase id", "/courses/Algebra-1/summary", 400),
        HostileRequest.Get("underscore in id", "/courses/algebra_1/video", 400),
        HostileRequest.Get("id starting with a hyphen", "/courses/-algebra/price", 400),
        HostileRequest.Get("id ending with a hyphen", "/courses/algebra-/page", 400),
        HostileRequest.Get("two hyphens in a row", "/courses/algebra--1/page", 400),
        HostileRequest.Get("id of 65 characters", $"/courses/{new string('a', 65)}/summary", 400),
        HostileRequest.Get("script tag as id", "/courses/%3Cscript%3Ealert(1)%3C%2Fscript%3E/video", 400),
        HostileRequest.Get("encoded path traversal", "/courses/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd/video", 400),
        HostileRequest.Get("SQL in id", "/courses/1'%20OR%20'1'='1/summary", 400),
        HostileRequest.Get("cyrillic id", "/courses/%D0%BA%D1%83%D1%80%D1%81/price", 400),
        HostileRequest.Get("cyrillic look-alike a", "/courses/%D0%B0lgebra-1/summary", 400),
        HostileRequest.Get("fullwidth digit", "/courses/algebra-%EF%BC%91/summary", 400),
        HostileRequest.Get("id ending in a newline", "/courses/algebra-1%0A/summary", 400),
        HostileRequest.Get("id ending in a carriage return", "/courses/algebra-1%0D/video", 400),
        HostileRequest.Get("CRLF and a header in the id", "/courses/algebra-1%0D%0ASet-Cookie:%20x=1/price", 400),
        HostileRequest.Get("tab in id", "/courses/algebra%091/summary", 400),
        HostileRequest.Get("space in id", "/courses/algebra%201/summary", 400),
        HostileRequest.Get("zero-width space in id", "/courses/algebra%E2%80%8B-1/summary", 400),
        HostileRequest.Get("invalid percent-encoding", "/courses/algebra%ZZ1/summary", 400),
        HostileRequest.Get("NUL in id", "/courses/algebra%001/summary", 400)
            .RefusedByTheServer("Kestrel refuses a NUL in the path before any middleware runs"),
        HostileRequest.Get("unknown course, video", "/courses/no-such-course/video", 404),
        HostileRequest.Get("unknown course, page", "/courses/no-such-course/page", 404),
        HostileRequest.Get("unknown course, price", "/courses/no-such-course/price", 404),
        HostileRequest.PurchaseOf("unknown course, purchase", "no-such-course", 404),
        HostileRequest.Get("unknown route", "/nowhere", 404),
        HostileRequest.Get("course without an endpoint", "/courses/algebra-1", 404),
        HostileRequest.Get("empty course id", "/courses//summary", 404),
        HostileRequest.Get("request line over 4 KiB", $"/courses/algebra-1/summary?q={new string('q', 5000)}", 414)
            .RefusedByTheServer("Kestrel answers an oversized request line (Limits.MaxRequestLineSize) itself"),

        // methods
        HostileRequest.Method("DELETE on summary", "DELETE", "/courses/algebra-1/summary", 405),
        HostileRequest.Method("PUT on purchases", "PUT", "/courses/algebra-1/purchases", 405),
        HostileRequest.Method("PATCH on video", "PATCH", "/courses/algebra-1/video", 405),
        HostileRequest.Method("GET on purchases", "GET", "/courses/algebra-1/purchases", 405),
        HostileRequest.Method("unknown method", "BREW", "/courses/algebra-1/summary", 405),
        HostileRequest.Method("TRACE", "TRACE", "/courses/algebra-1/page", 405),

        // purchase bodies
        HostileRequest.Purchase("empty body", "", 400),
        HostileRequest.Purchase("truncated JSON", """{"studentId":""", 400),
        HostileRequest.Purchase("not JSON", "student-42", 400),
        HostileRequest.Purchase("XML", "<purchase><studentId>student-42</studentId></purchase>", 400),
        HostileRequest.Purchase("student id as a number", """{"studentId": 42}""", 400),
        HostileRequest.Purchase("student id as an object", """{"studentId": {"$ne": null}}""", 400),
        HostileRequest.Purchase("student id null", """{"studentId": null}""", 400),
        HostileRequest.Purchase("JSON array", """["student-42"]""", 400),
        HostileRequest.Purchase("JSON string", "\"student-42\"", 400),
        HostileRequest.Purchase("no student", "{}", 400),
        HostileRequest.Purchase("student with a space", """{"studentId":"student 42"}""", 400),
        HostileRequest.Purchase("student of 65 characters", $$"""{"studentId":"{{new string('s', 65)}}"}""", 400),
        HostileRequest.Purchase("NUL in student", """{"studentId":"student\u000042"}""", 400),
        HostileRequest.Purchase("unicode student", """{"studentId":"студент-42"}""", 400),
        HostileRequest.Purchase("lone surrogate in student", """{"studentId":"\ud800"}""", 400),
        HostileRequest.Purchase("the student twice", """{"studentId":"student-42","studentId":"student-43"}""", 400),
        HostileRequest.Purchase("trailing comma", """{"studentId":"student-42",}""", 400),
        HostileRequest.Purchase("comment in JSON", """{"studentId":"student-42" /* me */}""", 400),
        HostileRequest.Purchase("nested 100 deep", new string('[', 100) + new string(']', 100), 400),
        HostileRequest.Purchase("invalid UTF-8", new byte[] { (byte)'{', 0xFF, 0xFE, (byte)'}' }, 400, "application/json"),
        HostileRequest.Purchase("body over 16 KiB", $$"""{"studentId":"student-42","padding":"{{Padding}}"}""", 413),
        HostileRequest.Purchase("plain text", "studentId=student-42", 415, "text/plain"),
        HostileRequest.Purchase("form encoded", "studentId=student-42", 415, "application/x-www-form-urlencoded"),
        HostileRequest.Purchase("no content type", """{"studentId":"student-42"}""", 415, contentType: null),

        // headers
        HostileRequest.Purchase("no idempotency key", """{"studentId":"student-42"}""", 400, "application/json", "X-Note: none"),
        HostileRequest.Purchase("empty idempotency key", """{"studentId":"student-42"}""", 400, "application/json", "Idempotency-Key: "),
        HostileRequest.Purchase("idempotency key with a space", """{"studentId":"student-42"}""", 400, "application/json", "Idempotency-Key: has space"),
        HostileRequest.Purchase("idempotency key with a semicolon", """{"studentId":"student-42"}""", 400, "application/json", "Idempotency-Key: semi;colon"),
        HostileRequest.Purchase("idempotency key of 65 characters", """{"studentId":"student-42"}""", 400, "application/json", $"Idempotency-Key: {new string('k', 65)}"),
        HostileRequest.Purchase("two idempotency keys", """{"studentId":"student-42"}""", 400, "application/json", "Idempotency-Key: dup-a", "Idempotency-Key: dup-b"),
        HostileRequest.Purchase("malformed bearer token, bad body", "{}", 400, "application/json", "Idempotency-Key: key-1", "Authorization: Bearer abc"),
        HostileRequest.Purchase("idempotency key in UTF-8", """{"studentId":"student-42"}""", 400, "application/json", "Idempotency-Key: ключ"),
        HostileRequest.Wire("header block over 16 KiB", $"GET /courses/algebra-1/summary HTTP/1.1\r\nHost: x\r\nConnection: close\r\nX-Padding: {new string('p', 20 * 1024)}\r\n\r\n", 431,
            "Kestrel answers an oversized header block (Limits.MaxRequestHeadersTotalSize) itself"),
        HostileRequest.Wire("no Host header", "GET /courses/algebra-1/summary HTTP/1.1\r\nConnection: close\r\n\r\n", 400,
            "Kestrel refuses an HTTP/1.1 request without Host before any middleware runs"),
        HostileRequest.Wire("two Host headers", "GET /courses/algebra-1/summary HTTP/1.1\r\nHost: a\r\nHost: b\r\nConnection: close\r\n\r\n", 400,
            "Kestrel refuses more than one Host before any middleware runs"),
        HostileRequest.Wire("two different Content-Lengths", "POST /courses/algebra-1/purchases HTTP/1.1\r\nHost: x\r\nConnection: close\r\nIdempotency-Key: key-1\r\nContent-Type: application/json\r\nContent-Length: 26\r\nContent-Length: 5\r\n\r\n{\"studentId\":\"student-42\"}", 400,
            "Kestrel refuses conflicting Content-Length headers (a smuggling shape) before any middleware runs"),
        HostileRequest.Wire("negative Content-Length", "POST /courses/algebra-1/purchases HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: -1\r\n\r\n", 400,
            "Kestrel refuses an unparsable Content-Length before any middleware runs"),
        HostileRequest.Wire("chunk size that overflows", "POST /courses/algebra-1/purchases HTTP/1.1\r\nHost: x\r\nConnection: close\r\nIdempotency-Key: key-1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffffffff\r\n{}\r\n0\r\n\r\n", 400),
        HostileRequest.Wire("chunked body that never ends", "POST /courses/algebra-1/purchases HTTP/1.1\r\nHost: x\r\nConnection: close\r\nIdempotency-Key: key-1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n{\"stu\r\nzz\r\n", 400),
        HostileRequest.Wire("Content-Length over the limit", "POST /courses/algebra-1/purchases HTTP/1.1\r\nHost: x\r\nConnection: close\r\nIdempotency-Key: key-1\r\nContent-Type: application/json\r\nContent-Length: 10000000\r\n\r\n{", 413),
    ];

    public static TheoryData<string> Cases => [.. Requests.Select(request => request.Name)];

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_hostile_request_gets_a_4xx_without_internal_detail_and_reaches_no_dependency(string name)
    {
        var request = Requests.Single(r => r.Name == name);

        var outcome = await surface.SendAsync(request);

        outcome.Problems.Should().BeEmpty($"{name} answered {outcome.Response.Status}: {outcome.Response.Body}");
    }

    [Fact]
    public async Task The_census_of_the_course_page_surface_has_no_5xx_no_leak_and_nothing_that_reached_a_dependency()
    {
        var outcomes = new List<Outcome>();
        foreach (var request in Requests)
        {
            outcomes.Add(await surface.SendAsync(request));
        }

        var problemJson = outcomes.Count(o => o.Response.Status is >= 400 and < 500 && o.Response.ContentType == "application/problem+json");
        var bare = outcomes.Where(o => o.Response.Status is >= 400 and < 500 && o.Response.ContentType != "application/problem+json").ToArray();
        var serverErrors = outcomes.Count(o => o.Response.Status >= 500);
        var census = new StringBuilder()
            .AppendLine("| surface | cases | 4xx problem+json | other 4xx | 5xx |")
            .AppendLine("| --- | --- | --- | --- | --- |")
            .AppendLine($"| course page | {outcomes.Count} | {problemJson} | {bare.Length} | {serverErrors} |");
        foreach (var other in bare)
        {
            census.AppendLine($"- {other.Request.Name}: {other.Response.Status}, {other.Request.BareBecause}");
        }

        TestContext.Current.TestOutputHelper?.WriteLine(census.ToString());
        outcomes.Should().HaveCountGreaterThanOrEqualTo(50);
        serverErrors.Should().Be(0);
        outcomes.SelectMany(o => o.Problems.Select(p => $"{o.Request.Name}: {p}")).Should().BeEmpty();
        bare.Should().OnlyContain(o => o.Request.BareBecause != null, "every answer without problem+json is one the web server gives before the service runs");
    }

    /// <summary>What one hostile request got, and everything wrong with it.</summary>
    public sealed record Outcome(HostileRequest Request, RawHttpResponse Response, IReadOnlyList<string> Problems);

    /// <summary>One course page for the whole table, with healthy dependencies: a request that got through would succeed, and show.</summary>
    public sealed class Surface : IAsyncLifetime
    {
        private CoursePageSystem _system = null!;

        public async ValueTask InitializeAsync()
        {
            _system = await CoursePageSystem.StartAsync(CoursePageSettings.Spec, CurrentTest.Cancellation);
            _system.Video.Map(DependencyAnswers.VideoPath, DependencyAnswers.Manifest);
            _system.Payments.Map(DependencyAnswers.PricePath, DependencyAnswers.Price);
            _system.Payments.Map(Request.Create().WithPath(DependencyAnswers.PaymentsPath).UsingPost(), DependencyAnswers.Captured);
        }

        public ValueTask DisposeAsync() => _system.DisposeAsync();

        public async Task<Outcome> SendAsync(HostileRequest request)
        {
            var reachedBefore = _system.Video.Journal.Count + _system.Payments.Journal.Count;
            await using var connection = await RawHttpConnection.ConnectAsync(_system.Service.BaseAddress, CurrentTest.Cancellation);
            await connection.SendAsync(request.Bytes, CurrentTest.Cancellation);
            var response = await connection.ReadResponseAsync(CurrentTest.Cancellation);
            var reached = _system.Video.Journal.Count + _system.Payments.Journal.Count - reachedBefore;
            return new Outcome(request, response, Judge(request, response, reached));
        }

        private static List<string> Judge(HostileRequest request, RawHttpResponse response, int reachedDependencies)
        {
            var problems = new List<string>();
            if (response.Status != request.Status)
            {
                problems.Add($"status {response.Status}, expected {request.Status}");
            }

            if (response.Status is < 400 or >= 500)
            {
                problems.Add($"status {response.Status} is no 4xx");
            }

            problems.AddRange(Leaks.Where(leak => response.Body.Contains(leak, StringComparison.Ordinal)).Select(leak => $"the body leaks '{leak}'"));
            if (response.Headers.ContainsKey("server") || response.Headers.ContainsKey("x-powered-by"))
            {
                problems.Add("the answer names the server software");
            }

            if (reachedDependencies > 0)
            {
                problems.Add($"{reachedDependencies} request(s) reached a dependency");
            }

            if (request.BareBecause is not null)
            {
                if (response.Body.Length > 0)
                {
                    problems.Add("a refusal by the web server carries a body");
                }

                return problems;
            }

            if (response.ContentType != "application/problem+json")
            {
                problems.Add($"content type {response.ContentType ?? "none"}, not application/problem+json");
                return problems;
            }

            try
            {
                var problem = JsonDocument.Parse(response.Body).RootElement;
                if (!problem.TryGetProperty("status", out var status) || status.GetInt32() != response.Status)
                {
                    problems.Add("the problem's status is not the answer's");
                }

                if (!problem.TryGetProperty("title", out var title) || string.IsNullOrWhiteSpace(title.GetString()))
                {
                    problems.Add("the problem has no title");
                }
            }
            catch (JsonException)
            {
                problems.Add("the problem+json body is no JSON");
            }

            return problems;
        }
    }
}
