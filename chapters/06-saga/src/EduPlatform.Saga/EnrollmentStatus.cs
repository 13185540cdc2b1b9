namespace EduPlatform.Saga;

/// <summary>Where an enrollment is, in words every style shares. Every saga must end in one of the last three.</summary>
public enum EnrollmentStatus
{
    InProgress,
    Completed,
    Compensated,
    NeedsAttention,
}
