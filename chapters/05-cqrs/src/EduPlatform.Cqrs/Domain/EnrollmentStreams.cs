using EduPlatform.EventStore;

namespace EduPlatform.Cqrs.Domain;

/// <summary>One stream per enrollment: <c>enrollment-{courseId}.{studentId}</c> (ids never contain '.').</summary>
public static class EnrollmentStreams
{
    public const string Category = "enrollment";

    public static StreamId For(string courseId, string studentId) => StreamId.For(Category, $"{courseId}.{studentId}");
}
