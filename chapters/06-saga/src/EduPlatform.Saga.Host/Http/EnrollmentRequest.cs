namespace EduPlatform.Saga.Host.Http;

/// <summary>
/// POST /enrollments. <see cref="EnrollmentId"/> is optional: a client that sends its own id may repeat the request
/// (after a timeout, a crash) and gets the same enrollment, not a second one.
/// </summary>
public sealed record EnrollmentRequest(Guid? EnrollmentId, string? StudentId, string? CourseId, decimal? Amount);
