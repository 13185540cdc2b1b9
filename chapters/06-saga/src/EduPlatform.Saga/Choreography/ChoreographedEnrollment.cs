using EduPlatform.Saga.Messaging;
using Npgsql;

namespace EduPlatform.Saga.Choreography;

/// <summary>The choreographed style behind the HTTP API: a request becomes an EnrollmentRequested event.</summary>
public sealed class ChoreographedEnrollment(NpgsqlDataSource database, OutboxRelay relay, DeadLetterArchive deadLetters, TimeProvider clock)
    : IEnrollmentSaga
{
    public async Task<bool> StartAsync(EnrollmentDetails enrollment, Guid requestId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var requested = Envelope.Start(MessageTypes.EnrollmentRequested, enrollment, requestId, now);
        if (!await EnrollmentTracker.StartAsync(new MessageContext(connection, transaction, requested, now), cancellationToken))
        {
            return false;
        }

        await Outbox.EnqueueAsync(connection, transaction, EnrollmentTracker.Schema, requested, now, cancellationToken: cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        relay.Wake();
        return true;
    }

    public Task<EnrollmentView?> FindAsync(Guid enrollmentId, CancellationToken cancellationToken) =>
        EnrollmentTracker.FindAsync(database, enrollmentId, cancellationToken);

    public Task<IReadOnlyList<SagaHistoryEntry>> HistoryAsync(Guid enrollmentId, CancellationToken cancellationToken) =>
        SagaHistory.ReadAsync(database, EnrollmentTracker.Schema, enrollmentId, cancellationToken);

    public Task<IReadOnlyList<DeadLetter>> DeadLettersAsync(CancellationToken cancellationToken) => deadLetters.ListAsync(cancellationToken);

    public Task<RetryOutcome> RetryDeadLetterAsync(Guid id, CancellationToken cancellationToken) => deadLetters.RetryAsync(id, cancellationToken);
}
