namespace EduPlatform.Saga.Messaging;

/// <summary>What every message of one enrollment carries: who enrolls in what, for how much. The id is the saga's.</summary>
public sealed record EnrollmentDetails(Guid EnrollmentId, string StudentId, string CourseId, decimal Amount);
