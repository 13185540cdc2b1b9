using EduPlatform.Cqrs.ReadModels;

namespace EduPlatform.Cqrs.Testing.Verification;

/// <summary>One enrollment as the from-scratch fold says every read model must show it.</summary>
public sealed record ExpectedEnrollment(EnrollmentKey Key, string StudentName, bool Dropped, int Lessons, int Quizzes, int Points, long LastPosition);
