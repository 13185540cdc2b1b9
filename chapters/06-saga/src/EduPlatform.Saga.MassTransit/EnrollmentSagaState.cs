using EduPlatform.Saga.Messaging;
using MassTransit;

namespace EduPlatform.Saga.MassTransit;

/// <summary>
/// The MassTransit saga's instance: the same facts as the orchestrator's row (orchestrator.sagas), kept by
/// <see cref="MassTransitSagaRepository"/> in masstransit.enrollment_sagas with an optimistic <see cref="Version"/>.
/// </summary>
public sealed class EnrollmentSagaState : SagaStateMachineInstance, ISagaVersion
{
    public Guid CorrelationId { get; set; }

    /// <summary>The state's name: the orchestrator's names (SagaState), so both read the same.</summary>
    public string CurrentState { get; set; } = "Initial";

    public string StudentId { get; set; } = "";

    public string CourseId { get; set; } = "";

    public decimal Amount { get; set; }

    public bool ChargeRequested { get; set; }

    public string? ResumeState { get; set; }

    /// <summary>The durable timeout: which one counts, and when it is due (null: none armed).</summary>
    public Guid? TimeoutId { get; set; }

    public DateTimeOffset? TimeoutDueAt { get; set; }

    public int Version { get; set; }

    public DateTimeOffset StartedAt { get; set; }

    public DateTimeOffset? EndedAt { get; set; }

    /// <summary>Not stored in the row: why this message did (or did not) change the saga, for its history line.</summary>
    public string? Note { get; set; }

    /// <summary>Not stored in the row: a dead letter to store with this change (a command that faulted).</summary>
    public DeadLetter? PendingDeadLetter { get; set; }

    public EnrollmentDetails Enrollment => new(CorrelationId, StudentId, CourseId, Amount);
}
