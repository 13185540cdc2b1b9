using EduPlatform.Saga.Messaging;

namespace EduPlatform.Saga.Orchestration;

/// <summary>One saga's row: its state, whether a charge was ever asked for (so compensation knows to refund), its version.</summary>
public sealed record SagaRecord(
    EnrollmentDetails Enrollment,
    SagaState State,
    bool ChargeRequested,
    SagaState? ResumeState,
    Guid? TimeoutId,
    int Version,
    DateTimeOffset StartedAt,
    DateTimeOffset? EndedAt)
{
    public bool HasEnded => State is SagaState.Completed or SagaState.Compensated;

    public EnrollmentStatus Status => StatusOf(State);

    public static EnrollmentStatus StatusOf(SagaState state) => state switch
    {
        SagaState.Completed => EnrollmentStatus.Completed,
        SagaState.Compensated => EnrollmentStatus.Compensated,
        SagaState.NeedsAttention => EnrollmentStatus.NeedsAttention,
        _ => EnrollmentStatus.InProgress,
    };
}
