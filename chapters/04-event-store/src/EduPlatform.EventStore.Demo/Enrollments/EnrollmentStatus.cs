namespace EduPlatform.EventStore.Demo.Enrollments;

public enum EnrollmentStatus
{
    None,
    Active,
    Cancelled,
}
