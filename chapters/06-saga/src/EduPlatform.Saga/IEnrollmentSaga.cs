using EduPlatform.Saga.Messaging;

namespace EduPlatform.Saga;

/// <summary>What the HTTP API needs from a saga style: start one, show one, show its history, its dead letters.</summary>
public interface IEnrollmentSaga
{
    /// <summary>Starts the enrollment; false when one with this id exists already (a repeated request changes nothing).</summary>
    Task<bool> StartAsync(EnrollmentDetails enrollment, Guid requestId, CancellationToken cancellationToken);

    Task<EnrollmentView?> FindAsync(Guid enrollmentId, CancellationToken cancellationToken);

    Task<IReadOnlyList<SagaHistoryEntry>> HistoryAsync(Guid enrollmentId, CancellationToken cancellationToken);

    Task<IReadOnlyList<DeadLetter>> DeadLettersAsync(CancellationToken cancellationToken);

    Task<RetryOutcome> RetryDeadLetterAsync(Guid id, CancellationToken cancellationToken);
}
