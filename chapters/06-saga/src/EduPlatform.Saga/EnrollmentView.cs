namespace EduPlatform.Saga;

/// <summary>An enrollment as GET /enrollments/{id} shows it. <see cref="State"/> is the style's own, finer state.</summary>
public sealed record EnrollmentView(
    Guid EnrollmentId,
    string StudentId,
    string CourseId,
    decimal Amount,
    EnrollmentStatus Status,
    string State,
    int Version,
    DateTimeOffset StartedAt,
    DateTimeOffset? EndedAt);
