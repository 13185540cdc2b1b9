using EduPlatform.Cqrs.Domain;

namespace EduPlatform.Cqrs.ReadModels;

/// <summary>
/// One enrollment as the read side sees it: the row of <c>student_progress</c>, and the source of its rows in
/// <c>course_roster</c> and <c>leaderboard</c> (enrolled students only).
/// </summary>
/// <param name="LastPosition">The global position of the last event that changed it.</param>
public sealed record EnrollmentView(
    string CourseId,
    string StudentId,
    string StudentName,
    EnrollmentStatus Status,
    int LessonsCompleted,
    int QuizzesSubmitted,
    int Points,
    long LastPosition)
{
    public EnrollmentKey Key => new(CourseId, StudentId);
}
