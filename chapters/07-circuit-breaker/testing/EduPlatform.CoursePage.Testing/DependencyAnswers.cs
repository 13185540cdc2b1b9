using EduPlatform.Harness.Faults;

namespace EduPlatform.CoursePage.Testing;

/// <summary>
/// What the course page asks its two dependencies for about the course every workload uses, and their healthy answers.
/// A test or claim maps these on <see cref="CoursePageSystem.Video"/> and <see cref="CoursePageSystem.Payments"/>, slowed,
/// failing or on a timeline as its story needs.
/// </summary>
public static class DependencyAnswers
{
    /// <summary>The course every workload asks about.</summary>
    public const string CourseId = "algebra-1";

    /// <summary>The video service's manifest for <see cref="CourseId"/>: <c>GET</c>.</summary>
    public const string VideoPath = "/videos/" + CourseId;

    /// <summary>The payment service's price for <see cref="CourseId"/>: <c>GET</c>.</summary>
    public const string PricePath = "/prices/" + CourseId;

    /// <summary>The payment service's purchases: <c>POST</c>.</summary>
    public const string PaymentsPath = "/payments";

    /// <summary>The manifest URL in <see cref="Manifest"/>, which the course page passes through.</summary>
    public const string ManifestUrl = "https://cdn.eduplatform.example/algebra-1/master.m3u8";

    public static StubBehavior Manifest { get; } = StubBehavior.Json($$"""{"manifest": "{{ManifestUrl}}"}""");

    public static StubBehavior Price { get; } = StubBehavior.Json("""{"amount": 4900, "currency": "EUR"}""");

    public static StubBehavior Captured { get; } = StubBehavior.Json("""{"paymentId": "pay-1", "status": "captured"}""");
}
