namespace EduPlatform.Cqrs.Domain;

public enum EnrollmentStatus
{
    /// <summary>No event yet: the student never enrolled in this course.</summary>
    None,
    Enrolled,
    /// <summary>Final: a dropped enrollment takes no more commands.</summary>
    Dropped,
}
