using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using EduPlatform.Harness.Waiting;

namespace EduPlatform.Cqrs.Tests;

/// <summary>Bad input gets a clear 4xx with an RFC 9457 problem+json body, never a 500 or a stack trace.</summary>
public sealed class HostileInputTests(SharedSystem shared) : IClassFixture<SharedSystem>
{
    private static readonly string Long = new('a', 65);

    public static TheoryData<string, string, string?, int> Requests() => new()
    {
        // commands: ids, names, scores, bodies
        { "POST", "courses/course-1/enrollments", """{"studentId": "Ada Lovelace", "studentName": "Ada"}""", 400 },
        { "POST", "courses/course-1/enrollments", """{"studentId": "ada"}""", 400 },
        { "POST", "courses/course-1/enrollments", """{"studentId": "ada", "studentName": "   "}""", 400 },
        { "POST", "courses/course-1/enrollments", """{"studentId": "ada", "studentName": "A\u0000da"}""", 400 },
        { "POST", $"courses/{Long}/enrollments", """{"studentId": "ada", "studentName": "Ada"}""", 400 },
        { "POST", "courses/COURSE/enrollments", """{"studentId": "ada", "studentName": "Ada"}""", 400 },
        { "POST", "courses/course-1/enrollments", """{"studentId": 42, "studentName": "Ada"}""", 400 },
        { "POST", "courses/course-1/enrollments", """{"studentId": "ada", """, 400 },
        { "POST", "courses/course-1/enrollments", "null", 400 },
        { "POST", "courses/course-1/enrollments", "[]", 400 },
        { "POST", "courses/course-1/enrollments/ada/quiz-submissions", """{"quizId": "q-1", "score": 101}""", 400 },
        { "POST", "courses/course-1/enrollments/ada/quiz-submissions", """{"quizId": "q-1", "score": -1}""", 400 },
        { "POST", "courses/course-1/enrollments/ada/quiz-submissions", """{"quizId": "q-1", "score": "high"}""", 400 },
        { "POST", "courses/course-1/enrollments/ada/quiz-submissions", """{"quizId": "q-1"}""", 400 },
        { "POST", "courses/course-1/enrollments/ada/quiz-submissions", """{"quizId": "q-1", "score": 99999999999}""", 400 },
        { "POST", "courses/course-1/enrollments/ada/completed-lessons", """{"lessonId": "../../etc"}""", 400 },
        { "POST", "courses/course-1/enrollments/ada/drop", $$"""{"reason": "{{new string('x', 501)}}"}""", 400 },
        { "POST", "courses/course-1/enrollments/nobody/completed-lessons", """{"lessonId": "l-1"}""", 404 },
        // queries: ids and the consistency parameters
        { "GET", "students/Robert';DROP TABLE x;--/progress", null, 400 },
        { "GET", "students/ada/progress?position=-1", null, 400 },
        { "GET", "students/ada/progress?position=abc", null, 400 },
        { "GET", "students/ada/progress?position=1&waitMs=600000", null, 400 },
        { "GET", "students/ada/progress?position=1&waitMs=-5", null, 400 },
        { "GET", "courses/course-1/leaderboard?top=0", null, 400 },
        { "GET", "courses/course-1/leaderboard?top=101", null, 400 },
        { "GET", "courses/course-1/leaderboard?source=mongodb", null, 400 },
        { "GET", $"courses/{Long}/roster", null, 400 },
        // operations
        { "GET", "rebuilds/77", null, 404 },
        { "POST", "generations/77/activate", null, 404 },
        { "POST", "generations/1/activate?waitMs=99999999", null, 400 },
        { "DELETE", "generations/77", null, 404 },
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task Bad_input_is_answered_with_a_4xx_problem(string method, string path, string? body, int expectedStatus)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative));
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        using var response = await shared.System.Client.Http.SendAsync(request, CurrentTest.Cancellation);
        var text = await response.Content.ReadAsStringAsync(CurrentTest.Cancellation);

        ((int)response.StatusCode).Should().Be(expectedStatus, text);
        response.Content.Headers.ContentType?.MediaType.Should().Be("application/problem+json");
        using var problem = JsonDocument.Parse(text);
        problem.RootElement.GetProperty("status").GetInt32().Should().Be(expectedStatus);
        problem.RootElement.GetProperty("type").GetString().Should().StartWith("https://eduplatform.example/problems/");
        text.Should().NotContainAny("   at ", "Exception", "Npgsql");
    }

    [Fact]
    public async Task A_body_over_16_KiB_is_refused_with_413_before_it_is_read()
    {
        using var content = JsonContent.Create(new { studentId = "ada", studentName = new string('a', 20_000) });
        using var response = await shared.System.Client.Http.PostAsync(new Uri("courses/course-1/enrollments", UriKind.Relative), content, CurrentTest.Cancellation);

        response.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        response.Content.Headers.ContentType?.MediaType.Should().Be("application/problem+json");
    }
}
