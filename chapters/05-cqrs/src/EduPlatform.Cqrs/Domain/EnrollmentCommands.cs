namespace EduPlatform.Cqrs.Domain;

// What a client asks the write side to do. Each becomes at most one event on the enrollment's stream.

public sealed record Enroll(string CourseId, string StudentId, string StudentName);

public sealed record CompleteLesson(string CourseId, string StudentId, string LessonId);

public sealed record SubmitQuiz(string CourseId, string StudentId, string QuizId, int Score);

public sealed record DropEnrollment(string CourseId, string StudentId, string Reason);
