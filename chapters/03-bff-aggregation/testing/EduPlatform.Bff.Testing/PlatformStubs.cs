using System.Globalization;
using System.Text.Json.Nodes;

namespace EduPlatform.Bff.Testing;

/// <summary>
/// What chapter 01's four services answer, per student: the contract's JSON shapes
/// (chapters/01-microservices/README.md, "The HTTP API"), with data that names the student it belongs to, so an answer
/// served to the wrong student is visible.
/// </summary>
public static class PlatformStubs
{
    public const string Users = "users";
    public const string Courses = "courses";
    public const string Payments = "payments";
    public const string Videos = "videos";

    public static IReadOnlyList<string> All { get; } = [Users, Courses, Payments, Videos];

    public static string PathOf(string service) => service switch
    {
        Users => "/api/users/me",
        Courses => "/api/courses/enrollments",
        Payments => "/api/payments/charges",
        Videos => "/api/videos",
        _ => throw new ArgumentOutOfRangeException(nameof(service), service, "one of users, courses, payments, videos"),
    };

    /// <summary>The dashboard section each service feeds.</summary>
    public static string SectionOf(string service) => service switch
    {
        Users => "profile",
        Courses => "courses",
        Payments => "payments",
        _ => "videos",
    };

    public static bool IsPerStudent(string service) => service != Videos;

    public static JsonNode AnswerFor(string service, string subject) => service switch
    {
        Users => new JsonObject
        {
            ["id"] = subject,
            ["email"] = $"{subject}@eduplatform.test",
            ["displayName"] = $"Student {subject}",
            ["role"] = "learner",
        },
        Courses => new JsonArray(
            Enumerable.Range(1, 1 + (Seed(subject) % 3)).Select(course => (JsonNode)new JsonObject
            {
                ["courseId"] = course,
                ["enrolledAt"] = "2026-09-01T08:00:00Z",
            }).ToArray()),
        Payments => new JsonArray(
            Enumerable.Range(1, 2).Select(n => (JsonNode)new JsonObject
            {
                ["id"] = $"charge-{subject}-{n}",
                ["idempotencyKey"] = $"order-{n}",
                ["paymentMethodId"] = "ca4d0000-0000-4000-8000-00000000a11c",
                ["amountCents"] = 4900 * n,
                ["currency"] = "USD",
                ["description"] = $"course {n} for {subject}",
                ["status"] = "succeeded",
                ["createdAt"] = $"2026-09-0{n}T09:00:00Z",
            }).ToArray()),
        _ => new JsonArray(
            Enumerable.Range(1, 8).Select(id => (JsonNode)new JsonObject
            {
                ["id"] = id,
                ["courseId"] = 1 + (id % 3),
                ["lessonNumber"] = id,
                ["title"] = string.Create(CultureInfo.InvariantCulture, $"Lesson {id}"),
                ["durationSeconds"] = 300 + id,
                ["chunkCount"] = 10,
            }).ToArray()),
    };

    private static int Seed(string subject) => subject.Aggregate(17, (hash, c) => unchecked((hash * 31) + c)) & 0x7fffffff;
}
