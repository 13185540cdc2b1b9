using EduPlatform.EventStore;

namespace EduPlatform.Cqrs.Domain;

/// <summary>The stored names of the enrollment events: the contract with every event already in the store.</summary>
public static class EnrollmentEventTypes
{
    public const string Enrolled = "student-enrolled";
    public const string LessonCompleted = "lesson-completed";
    public const string QuizSubmitted = "quiz-submitted";
    public const string Dropped = "enrollment-dropped";

    public static EventTypeRegistry Create() => new EventTypeRegistry()
        .Register<StudentEnrolled>(Enrolled)
        .Register<LessonCompleted>(LessonCompleted)
        .Register<QuizSubmitted>(QuizSubmitted)
        .Register<EnrollmentDropped>(Dropped);
}
