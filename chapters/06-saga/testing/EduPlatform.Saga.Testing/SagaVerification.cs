using EduPlatform.Saga.Running;
using Npgsql;

namespace EduPlatform.Saga.Testing;

/// <summary>Audits a set of enrollments against every service's own tables (see <see cref="SagaAudit"/>).</summary>
public static class SagaVerification
{
    public static async Task<SagaAudit> AuditAsync(NpgsqlDataSource database, SagaStyle style, IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(ids);
        var statuses = await EnrollmentStatusQuery.ReadAsync(database, style, ids, cancellationToken);
        int Count(EnrollmentStatus status) => statuses.Values.Count(value => value == status);
        var completed = ids.Where(id => statuses.GetValueOrDefault(id) == EnrollmentStatus.Completed).ToArray();
        var notCharged = ids.Where(id => statuses.GetValueOrDefault(id) is EnrollmentStatus.Compensated).ToArray();
        var historySchema = style switch
        {
            SagaStyle.Orchestration => "orchestrator",
            SagaStyle.MassTransit => "masstransit",
            _ => null,
        };

        return new SagaAudit
        {
            Sagas = ids.Count,
            Completed = completed.Length,
            Compensated = Count(EnrollmentStatus.Compensated),
            NeedsAttention = Count(EnrollmentStatus.NeedsAttention),
            Orphans = ids.Count(id => statuses.GetValueOrDefault(id, EnrollmentStatus.InProgress) == EnrollmentStatus.InProgress),
            Charges = await ScalarAsync(database, "SELECT count(*) FROM payments.ledger WHERE kind = 'charge' AND enrollment_id = ANY(@ids)", ids, cancellationToken),
            Refunds = await ScalarAsync(database, "SELECT count(*) FROM payments.ledger WHERE kind = 'refund' AND enrollment_id = ANY(@ids)", ids, cancellationToken),
            SeatsHeld = await ScalarAsync(database, "SELECT count(*) FROM seats.reservations WHERE status = 'held' AND enrollment_id = ANY(@ids)", ids, cancellationToken),
            VideoGrants = await ScalarAsync(database, "SELECT count(*) FROM video.grants WHERE enrollment_id = ANY(@ids)", ids, cancellationToken),
            ChargesWithoutEnrollment = await ScalarAsync(database, """
                SELECT count(*) FROM (
                    SELECT enrollment_id FROM payments.ledger WHERE enrollment_id = ANY(@ids)
                    GROUP BY enrollment_id HAVING sum(CASE kind WHEN 'charge' THEN 1 ELSE -1 END) > 0) charged
                WHERE enrollment_id = ANY(@compensated)
                """, ids, cancellationToken, notCharged),
            DuplicateSideEffects = await ScalarAsync(database, """
                SELECT coalesce(sum(n - 1), 0) FROM (
                    SELECT count(*) AS n FROM payments.ledger WHERE enrollment_id = ANY(@ids) GROUP BY enrollment_id, kind
                    UNION ALL SELECT count(*) FROM seats.side_effects WHERE enrollment_id = ANY(@ids) GROUP BY enrollment_id, kind
                    UNION ALL SELECT count(*) FROM video.side_effects WHERE enrollment_id = ANY(@ids) GROUP BY enrollment_id, kind
                    UNION ALL SELECT count(*) FROM notifications.sent WHERE enrollment_id = ANY(@ids) GROUP BY enrollment_id) effects
                """, ids, cancellationToken),
            SeatCountMismatches = await ScalarAsync(database, """
                SELECT count(*) FROM seats.courses c
                WHERE c.reserved <> (SELECT count(*) FROM seats.reservations r WHERE r.course_id = c.course_id AND r.status = 'held')
                """, ids, cancellationToken),
            LateTimeoutChanges = historySchema is null ? 0 : await ScalarAsync(database, $"""
                SELECT count(DISTINCT saga_id) FROM {historySchema}.history
                WHERE message = 'EnrollmentTimedOut' AND changed AND from_state IN ('Completed', 'Compensated') AND saga_id = ANY(@ids)
                """, ids, cancellationToken),
            LateTimeoutsIgnored = historySchema is null ? 0 : await ScalarAsync(database, $"""
                SELECT count(*) FROM {historySchema}.history
                WHERE message = 'EnrollmentTimedOut' AND NOT changed AND from_state IN ('Completed', 'Compensated') AND saga_id = ANY(@ids)
                """, ids, cancellationToken),
        };
    }

    /// <summary>Money taken for enrollments that never got their video access: what the saga exists to prevent.</summary>
    public static Task<int> ChargesWithoutEnrollmentAsync(NpgsqlDataSource database, IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken) =>
        ScalarAsync(database, """
            SELECT count(*) FROM payments.charges c
            WHERE c.status = 'charged' AND c.enrollment_id = ANY(@ids)
              AND NOT EXISTS (SELECT 1 FROM video.grants g WHERE g.enrollment_id = c.enrollment_id)
            """, ids, cancellationToken);

    /// <summary>How long each ended saga took, from its start to its end, as the style's own rows recorded it.</summary>
    public static async Task<IReadOnlyList<TimeSpan>> CompletionTimesAsync(
        NpgsqlDataSource database, SagaStyle style, IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(ids);
        var sql = style switch
        {
            SagaStyle.Orchestration => "SELECT ended_at - started_at FROM orchestrator.sagas WHERE ended_at IS NOT NULL AND saga_id = ANY(@ids)",
            SagaStyle.Choreography => "SELECT ended_at - requested_at FROM enrollments.enrollments WHERE ended_at IS NOT NULL AND enrollment_id = ANY(@ids)",
            _ => "SELECT ended_at - started_at FROM masstransit.enrollment_sagas WHERE ended_at IS NOT NULL AND correlation_id = ANY(@ids)",
        };
        await using var command = database.CreateCommand(sql);
        command.Parameters.AddWithValue("ids", ids.ToArray());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var times = new List<TimeSpan>();
        while (await reader.ReadAsync(cancellationToken))
        {
            times.Add(reader.GetTimeSpan(0));
        }

        return times;
    }

    private static async Task<int> ScalarAsync(
        NpgsqlDataSource database, string sql, IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken, Guid[]? compensated = null)
    {
        await using var command = database.CreateCommand(sql);
        command.Parameters.AddWithValue("ids", ids.ToArray());
        if (compensated is not null)
        {
            command.Parameters.AddWithValue("compensated", compensated);
        }

        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }
}
