using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using EduPlatform.CoursePage.Courses;
using EduPlatform.CoursePage.Hosting;
using EduPlatform.CoursePage.Testing;
using EduPlatform.Harness.Waiting;
using Microsoft.Extensions.DependencyInjection;

namespace EduPlatform.CircuitBreaker.Tests.CoursePage;

/// <summary>
/// Bad input gets a clear 4xx problem+json, never a 500 or a stack trace, and never reaches a dependency.
/// </summary>
public sealed class HostileInputTests(CoursePageFixture fixture) : IClassFixture<CoursePageFixture>
{
    private readonly CoursePageSystem _system = fixture.Fresh();

    public static TheoryData<string, string, HttpStatusCode> BadRequests => new()
    {
        { "GET", "/courses/Algebra-1/summary", HttpStatusCode.BadRequest },
        { "GET", "/courses/algebra_1/video", HttpStatusCode.BadRequest },
        { "GET", "/courses/-algebra/price", HttpStatusCode.BadRequest },
        { "GET", "/courses/algebra--1/page", HttpStatusCode.BadRequest },
        { "GET", $"/courses/{new string('a', 65)}/summary", HttpStatusCode.BadRequest },
        { "GET", "/courses/%3Cscript%3Ealert(1)%3C%2Fscript%3E/video", HttpStatusCode.BadRequest },
        { "GET", "/courses/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd/video", HttpStatusCode.BadRequest },
        { "GET", "/courses/%D0%BA%D1%83%D1%80%D1%81/price", HttpStatusCode.BadRequest },
        { "GET", "/courses/no-such-course/video", HttpStatusCode.NotFound },
        { "GET", "/courses/no-such-course/page", HttpStatusCode.NotFound },
        { "GET", "/nowhere", HttpStatusCode.NotFound },
        { "DELETE", "/courses/algebra-1/summary", HttpStatusCode.MethodNotAllowed },
        { "PUT", "/courses/algebra-1/purchases", HttpStatusCode.MethodNotAllowed },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task A_bad_path_or_method_gets_a_4xx_problem_and_reaches_no_dependency(string method, string path, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);

        using var response = await _system.Client.SendAsync(request, CurrentTest.Cancellation);

        await ExpectCleanProblemAsync(response, expected);
    }

    public static TheoryData<string, string?, string?, HttpStatusCode> BadPurchases => new()
    {
        { "empty body", "", "application/json", HttpStatusCode.BadRequest },
        { "truncated JSON", "{\"studentId\":", "application/json", HttpStatusCode.BadRequest },
        { "not JSON", "student-42", "application/json", HttpStatusCode.BadRequest },
        { "wrong type", "{\"studentId\": 42}", "application/json", HttpStatusCode.BadRequest },
        { "JSON array", "[\"student-42\"]", "application/json", HttpStatusCode.BadRequest },
        { "no student", "{}", "application/json", HttpStatusCode.BadRequest },
        { "student with a space", "{\"studentId\":\"student 42\"}", "application/json", HttpStatusCode.BadRequest },
        { "student too long", $"{{\"studentId\":\"{new string('s', 65)}\"}}", "application/json", HttpStatusCode.BadRequest },
        { "plain text", "studentId=student-42", "text/plain", HttpStatusCode.UnsupportedMediaType },
        { "no content type", "{\"studentId\":\"student-42\"}", null, HttpStatusCode.UnsupportedMediaType },
        { "body over the 16 KiB limit", $"{{\"studentId\":\"student-42\",\"padding\":\"{new string('x', 32 * 1024)}\"}}", "application/json", HttpStatusCode.RequestEntityTooLarge },
    };

    [Theory]
    [MemberData(nameof(BadPurchases))]
    public async Task A_bad_purchase_body_gets_a_4xx_problem_and_charges_nobody(string what, string? body, string? contentType, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/courses/algebra-1/purchases");
        request.Headers.Add("Idempotency-Key", "key-1");
        if (body is not null)
        {
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
            if (contentType is not null)
            {
                request.Content.Headers.ContentType = new(contentType);
            }
        }

        using var response = await _system.Client.SendAsync(request, CurrentTest.Cancellation);

        await ExpectCleanProblemAsync(response, expected, because: what);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("semi;colon")]
    public async Task A_purchase_without_a_usable_idempotency_key_is_refused(string? key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/courses/algebra-1/purchases")
        {
            Content = JsonContent.Create(new { studentId = "student-42" }),
        };
        if (key is not null)
        {
            request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        }

        using var response = await _system.Client.SendAsync(request, CurrentTest.Cancellation);

        var problem = await ExpectCleanProblemAsync(response, HttpStatusCode.BadRequest);
        problem.GetProperty("errors").TryGetProperty("Idempotency-Key", out _).Should().BeTrue();
    }

    [Fact]
    public async Task A_request_header_block_over_the_limit_is_refused_by_the_server_before_any_endpoint_runs()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/courses/algebra-1/summary");
        request.Headers.Add("X-Padding", new string('p', 20 * 1024));

        using var response = await _system.Client.SendAsync(request, CurrentTest.Cancellation);

        // Kestrel answers malformed HTTP itself, before any middleware: a bare status with no body to leak anything.
        response.StatusCode.Should().Be(HttpStatusCode.RequestHeaderFieldsTooLarge);
        (await response.Content.ReadAsStringAsync(CurrentTest.Cancellation)).Should().BeEmpty();
    }

    [Fact]
    public async Task A_NUL_character_in_the_path_is_refused_by_the_server_before_any_endpoint_runs()
    {
        using var response = await _system.Client.GetAsync("/courses/algebra%001/summary", CurrentTest.Cancellation);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync(CurrentTest.Cancellation)).Should().BeEmpty();
        _system.Video.Journal.Count.Should().Be(0);
    }

    [Theory]
    [InlineData("summary")]
    [InlineData("video")]
    [InlineData("price")]
    [InlineData("page")]
    public async Task A_course_id_ending_in_a_newline_is_refused_and_not_echoed(string endpoint)
    {
        using var response = await _system.Client.GetAsync($"/courses/algebra-1%0A/{endpoint}", CurrentTest.Cancellation);

        var problem = await ExpectCleanProblemAsync(response, HttpStatusCode.BadRequest);
        problem.GetProperty("type").GetString().Should().Be(ProblemTypes.Validation);
        problem.GetRawText().Should().NotContain("\\n", "the id is not echoed, newline and all").And.NotContain("\n");
    }

    [Fact]
    public async Task An_unexpected_exception_becomes_a_500_problem_without_stack_trace_or_message()
    {
        await using var system = await CoursePageSystem.StartAsync(
            CoursePageSettings.Spec with { ReplaceServices = services => services.AddSingleton<CourseCatalog, ExplodingCatalog>() },
            CurrentTest.Cancellation);

        using var response = await system.Client.GetAsync("/courses/algebra-1/summary", CurrentTest.Cancellation);

        response.StatusCode.Should().Be(HttpStatusCode.InternalServerError);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var body = await response.Content.ReadAsStringAsync(CurrentTest.Cancellation);
        body.Should().NotContain(ExplodingCatalog.Secret).And.NotContain("ExplodingCatalog").And.NotContain(" at ");
        JsonDocument.Parse(body).RootElement.GetProperty("status").GetInt32().Should().Be(500);
    }

    private async Task<JsonElement> ExpectCleanProblemAsync(HttpResponseMessage response, HttpStatusCode expected, string because = "")
    {
        response.StatusCode.Should().Be(expected, because);
        response.Content.Headers.ContentType?.MediaType.Should().Be("application/problem+json", because);
        var body = await response.Content.ReadAsStringAsync(CurrentTest.Cancellation);
        body.Should().NotContain("Exception", because).And.NotContain(" at ", because);
        var problem = JsonDocument.Parse(body).RootElement.Clone();
        problem.GetProperty("status").GetInt32().Should().Be((int)expected, because);
        problem.GetProperty("title").GetString().Should().NotBeNullOrWhiteSpace(because);
        _system.Video.Journal.Count.Should().Be(0, "bad input must not reach the video service");
        _system.Payments.Journal.Count.Should().Be(0, "bad input must not reach the payment service");
        return problem;
    }

    private sealed class ExplodingCatalog : CourseCatalog
    {
        public const string Secret = "connection string with a password";

        public override CourseSummary? Find(CourseId id) => throw new InvalidOperationException(Secret);
    }
}
