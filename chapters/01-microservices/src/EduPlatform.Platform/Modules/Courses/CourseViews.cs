namespace EduPlatform.Platform.Modules.Courses;

public sealed record CourseSummary(int Id, string Title, string Summary, Guid InstructorId, long PriceCents, string Currency, int LessonCount);

public sealed record CourseDetail(int Id, string Title, string Summary, Guid InstructorId, long PriceCents, string Currency, IReadOnlyList<Lesson> Lessons);

public sealed record Lesson(int Number, string Title, int DurationMinutes);

public sealed record Enrollment(int CourseId, DateTimeOffset EnrolledAt);
