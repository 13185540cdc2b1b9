namespace EduPlatform.Cqrs.Domain;

// The write side's facts, one stream per enrollment (EnrollmentStreams.For). Stored names in EnrollmentEventTypes.

/// <summary>A student joined a course.</summary>
public sealed record StudentEnrolled(string CourseId, string StudentId, string StudentName);

/// <summary>A student finished one lesson of the course: 10 points on the course's leaderboard.</summary>
public sealed record LessonCompleted(string CourseId, string StudentId, string LessonId);

/// <summary>A student handed in a quiz: its score (0-100) is added to the student's points.</summary>
public sealed record QuizSubmitted(string CourseId, string StudentId, string QuizId, int Score);

/// <summary>A student left the course: off the roster and the leaderboard; the progress stays, marked dropped.</summary>
public sealed record EnrollmentDropped(string CourseId, string StudentId, string Reason);
