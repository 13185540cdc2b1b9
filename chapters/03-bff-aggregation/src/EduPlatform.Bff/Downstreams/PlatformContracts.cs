namespace EduPlatform.Bff.Downstreams;

// What the BFF reads from chapter 01's services: their HTTP contract (chapters/01-microservices/README.md, "The HTTP
// API"), not their code. Only the fields the dashboard shows; unknown fields are ignored.

/// <summary><c>GET /api/users/me</c> (Users, bearer).</summary>
public sealed record UserProfile(string Id, string Email, string DisplayName, string Role);

/// <summary>One item of <c>GET /api/courses/enrollments</c> (Courses, bearer): the caller's own enrollments.</summary>
public sealed record Enrollment(int CourseId, DateTimeOffset EnrolledAt);

/// <summary>One item of <c>GET /api/payments/charges</c> (Payments, bearer): the caller's own charges.</summary>
public sealed record Charge(string Id, long AmountCents, string Currency, string? Description, string Status, DateTimeOffset CreatedAt);

/// <summary>One item of <c>GET /api/videos</c> (Videos, public).</summary>
public sealed record Video(int Id, int CourseId, int LessonNumber, string Title, int DurationSeconds);
