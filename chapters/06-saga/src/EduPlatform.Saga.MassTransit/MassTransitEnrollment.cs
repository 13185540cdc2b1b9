using EduPlatform.Saga.Messaging;
using EduPlatform.Saga.Orchestration;
using MassTransit;
using Npgsql;

namespace EduPlatform.Saga.MassTransit;

/// <summary>The MassTransit style behind the HTTP API: a request is an EnrollmentRequested published on the bus.</summary>
public sealed class MassTransitEnrollment(NpgsqlDataSource database, IPublishEndpoint bus, TimeProvider clock) : IEnrollmentSaga
{
    public async Task<bool> StartAsync(EnrollmentDetails enrollment, Guid requestId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(enrollment);
        // No outbox between the request and the bus here: if the publish fails the request fails, and the client
        // (who chose the enrollment id) sends it again; a second EnrollmentRequested for an existing saga is ignored.
        await bus.Publish(new EnrollmentRequested(enrollment.EnrollmentId, requestId, enrollment), cancellationToken);
        return true;
    }

    public async Task<EnrollmentView?> FindAsync(Guid enrollmentId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        return await MassTransitSagaRepository.LoadAsync(connection, null, enrollmentId, cancellationToken) is { } saga
            ? new EnrollmentView(saga.CorrelationId, saga.StudentId, saga.CourseId, saga.Amount,
                Enum.TryParse<SagaState>(saga.CurrentState, out var state) ? SagaRecord.StatusOf(state) : EnrollmentStatus.InProgress,
                saga.CurrentState, saga.Version, saga.StartedAt, saga.EndedAt)
            : null;
    }

    public Task<IReadOnlyList<SagaHistoryEntry>> HistoryAsync(Guid enrollmentId, CancellationToken cancellationToken) =>
        SagaHistory.ReadAsync(database, MassTransitSagaRepository.Schema, enrollmentId, cancellationToken);

    public Task<IReadOnlyList<DeadLetter>> DeadLettersAsync(CancellationToken cancellationToken) =>
        DeadLetterArchive.ListAsync(database, MassTransitSagaRepository.Schema, cancellationToken);

    /// <summary>Marks the dead letter retried and tells the saga, which goes back to its step and sends the command again.</summary>
    public async Task<RetryOutcome> RetryDeadLetterAsync(Guid id, CancellationToken cancellationToken)
    {
        DeadLetter letter;
        await using (var connection = await database.OpenConnectionAsync(cancellationToken))
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
        {
            await using (var select = new NpgsqlCommand(
                             "SELECT id, message_id, correlation_id, type, queue, attempts, error, dead_at, retried_at FROM masstransit.dead_letters WHERE id = @id FOR UPDATE",
                             connection, transaction))
            {
                select.Parameters.AddWithValue("id", id);
                await using var reader = await select.ExecuteReaderAsync(cancellationToken);
                if (!await reader.ReadAsync(cancellationToken))
                {
                    return RetryOutcome.NotFound;
                }

                letter = DeadLetterArchive.Read(reader);
            }

            if (letter.RetriedAt is not null)
            {
                return RetryOutcome.AlreadyRetried;
            }

            await using var mark = new NpgsqlCommand("UPDATE masstransit.dead_letters SET retried_at = @now WHERE id = @id", connection, transaction);
            mark.Parameters.AddWithValue("now", clock.GetUtcNow());
            mark.Parameters.AddWithValue("id", id);
            await mark.ExecuteNonQueryAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        var saga = await FindAsync(letter.CorrelationId, cancellationToken);
        var enrollment = new EnrollmentDetails(letter.CorrelationId, saga?.StudentId ?? "", saga?.CourseId ?? "", saga?.Amount ?? 0);
        await bus.Publish(new DeadLetterRetried(letter.CorrelationId, letter.MessageId, enrollment, letter.Id), cancellationToken);
        return RetryOutcome.Retried;
    }
}
