using MassTransit;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace EduPlatform.Saga.MassTransit;

/// <summary>
/// The MassTransit saga's durable timeouts. MassTransit schedules through Quartz, Hangfire or RabbitMQ's delayed
/// exchange plugin, none of which this workbook has; so the due time lives in the saga row (written in the same
/// transaction as the state that armed it) and this poller publishes EnrollmentTimedOut for the rows that are due by
/// the saga's clock, then marks them fired. Published before marked: a crash between fires it twice, which the saga
/// shrugs off (the second is stale or late); never not at all.
/// </summary>
public sealed class TimeoutPoller(NpgsqlDataSource database, IPublishEndpoint bus, TimeProvider clock, ILogger logger)
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await FireDueAsync(cancellationToken);
                await Task.Delay(Poll, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // the poller outlives a database or broker outage
            catch (Exception exception)
#pragma warning restore CA1031
            {
                logger.LogWarning("MassTransit timeout poller will retry: {Error}", exception.Message);
                await Task.Delay(Poll, cancellationToken);
            }
        }
    }

    private async Task FireDueAsync(CancellationToken cancellationToken)
    {
        var due = new List<EnrollmentTimedOut>();
        await using (var select = database.CreateCommand("""
                         SELECT correlation_id, timeout_id, student_id, course_id, amount FROM masstransit.enrollment_sagas
                         WHERE timeout_id IS NOT NULL AND timeout_due_at <= @now AND timeout_fired IS DISTINCT FROM timeout_id
                         ORDER BY timeout_due_at LIMIT 500
                         """))
        {
            select.Parameters.AddWithValue("now", clock.GetUtcNow());
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var id = reader.GetGuid(0);
                var timeoutId = reader.GetGuid(1);
                due.Add(new EnrollmentTimedOut(id, timeoutId, new Messaging.EnrollmentDetails(id, reader.GetString(2), reader.GetString(3), reader.GetDecimal(4)), timeoutId));
            }
        }

        if (due.Count == 0)
        {
            return;
        }

        await Task.WhenAll(due.Select(timeout => bus.Publish(timeout, cancellationToken)));
        await using var mark = database.CreateCommand("""
            UPDATE masstransit.enrollment_sagas s SET timeout_fired = f.timeout_id
            FROM unnest(@ids, @timeouts) AS f(correlation_id, timeout_id)
            WHERE s.correlation_id = f.correlation_id AND s.timeout_id = f.timeout_id
            """);
        mark.Parameters.AddWithValue("ids", due.Select(timeout => timeout.CorrelationId).ToArray());
        mark.Parameters.AddWithValue("timeouts", due.Select(timeout => timeout.TimeoutId).ToArray());
        await mark.ExecuteNonQueryAsync(cancellationToken);
    }
}
