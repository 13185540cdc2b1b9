using EduPlatform.Saga.Messaging;
using Npgsql;

namespace EduPlatform.Saga.Orchestration;

/// <summary>The orchestrated style behind the HTTP API: a request starts a saga in the orchestrator's database.</summary>
public sealed class OrchestratedEnrollment(NpgsqlDataSource database, EnrollmentOrchestrator orchestrator, OutboxRelay relay, DeadLetterArchive deadLetters, TimeProvider clock)
    : IEnrollmentSaga
{
    public async Task<bool> StartAsync(EnrollmentDetails enrollment, Guid requestId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var request = Envelope.Start(MessageTypes.EnrollmentRequested, enrollment, requestId, now);
        var context = new MessageContext(connection, transaction, request, now);
        var commands = await orchestrator.StartAsync(context, cancellationToken);
        foreach (var command in commands)
        {
            await Outbox.EnqueueAsync(connection, transaction, SagaStore.Schema, command, now, cancellationToken: cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        relay.Wake();
        return commands.Count > 0;
    }

    public async Task<EnrollmentView?> FindAsync(Guid enrollmentId, CancellationToken cancellationToken) =>
        await SagaStore.FindAsync(database, enrollmentId, cancellationToken) is { } saga
            ? new EnrollmentView(saga.Enrollment.EnrollmentId, saga.Enrollment.StudentId, saga.Enrollment.CourseId, saga.Enrollment.Amount,
                saga.Status, saga.State.ToString(), saga.Version, saga.StartedAt, saga.EndedAt)
            : null;

    public Task<IReadOnlyList<SagaHistoryEntry>> HistoryAsync(Guid enrollmentId, CancellationToken cancellationToken) =>
        SagaHistory.ReadAsync(database, SagaStore.Schema, enrollmentId, cancellationToken);

    public Task<IReadOnlyList<DeadLetter>> DeadLettersAsync(CancellationToken cancellationToken) => deadLetters.ListAsync(cancellationToken);

    public Task<RetryOutcome> RetryDeadLetterAsync(Guid id, CancellationToken cancellationToken) => deadLetters.RetryAsync(id, cancellationToken);
}
