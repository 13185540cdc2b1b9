using System.Collections.Immutable;
using EduPlatform.EventStore.Aggregates;

namespace EduPlatform.Cqrs.Domain;

/// <summary>
/// The write side's state of one enrollment, folded from its stream: only what the commands need to decide
/// (which lessons and quizzes are done). The read models keep what the queries need; this is not one of them.
/// </summary>
public sealed record Enrollment(EnrollmentStatus Status, ImmutableHashSet<string> CompletedLessons, ImmutableHashSet<string> SubmittedQuizzes)
    : IAggregateState<Enrollment>
{
    public static Enrollment Initial { get; } = new(EnrollmentStatus.None, [], []);

    public static string SnapshotType => "cqrs-enrollment.v1";

    public Enrollment Apply(object domainEvent) => domainEvent switch
    {
        StudentEnrolled => this with { Status = EnrollmentStatus.Enrolled },
        LessonCompleted lesson => this with { CompletedLessons = CompletedLessons.Add(lesson.LessonId) },
        QuizSubmitted quiz => this with { SubmittedQuizzes = SubmittedQuizzes.Add(quiz.QuizId) },
        EnrollmentDropped => this with { Status = EnrollmentStatus.Dropped },
        _ => this,
    };
}
