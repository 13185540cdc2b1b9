using EduPlatform.Saga.Messaging;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace EduPlatform.Saga.Orchestration;

/// <summary>
/// Fires the sagas' durable timeouts: the rows in orchestrator.timeouts whose due time (by the saga's
/// <see cref="TimeProvider"/>, so a test moves it with a fake clock) has passed become EnrollmentTimedOut messages in
/// the orchestrator's outbox, in the same transaction that marks them fired. They survive any restart (they are rows),
/// travel like every other message (so they can arrive late, twice, or after the saga ended) and are judged by the
/// orchestrator when they arrive.
/// </summary>
public sealed class TimeoutScheduler(NpgsqlDataSource database, OutboxRelay relay, TimeProvider clock, ILogger logger)
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                if (await FireDueAsync(cancellationToken) > 0)
                {
                    relay.Wake();
                }

                // Polled in real time on purpose: what is due is decided by the saga's clock, how often we look is not.
                await Task.Delay(Poll, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (NpgsqlException exception)
            {
                logger.LogWarning("Timeout scheduler will retry: {Error}", exception.Message);
                await Task.Delay(Poll, cancellationToken);
            }
        }
    }

    public async Task<int> FireDueAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var due = new List<Envelope>();
        await using (var select = new NpgsqlCommand("""
                         UPDATE orchestrator.timeouts t SET fired_at = @now
                         FROM (SELECT saga_id FROM orchestrator.timeouts WHERE fired_at IS NULL AND due_at <= @now
                               ORDER BY due_at LIMIT 500 FOR UPDATE SKIP LOCKED) d, orchestrator.sagas s
                         WHERE t.saga_id = d.saga_id AND s.saga_id = t.saga_id
                         RETURNING t.timeout_id, t.armed_by, s.saga_id, s.student_id, s.course_id, s.amount
                         """, connection, transaction))
        {
            select.Parameters.AddWithValue("now", now);
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var enrollment = new EnrollmentDetails(reader.GetGuid(2), reader.GetString(3), reader.GetString(4), reader.GetDecimal(5));
                due.Add(new Envelope(Guid.NewGuid(), MessageTypes.EnrollmentTimedOut, enrollment.EnrollmentId, reader.GetGuid(1), enrollment, now)
                {
                    TimeoutId = reader.GetGuid(0),
                });
            }
        }

        foreach (var timeout in due)
        {
            await Outbox.EnqueueAsync(connection, transaction, SagaStore.Schema, timeout, now, cancellationToken: cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return due.Count;
    }
}
