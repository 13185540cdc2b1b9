namespace EduPlatform.CoursePage.Courses;

/// <summary>Body of <c>POST /courses/{courseId}/purchases</c>.</summary>
/// <param name="StudentId">Who buys the course: 1 to 64 letters, digits or hyphens.</param>
public sealed record PurchaseRequest(string? StudentId);
