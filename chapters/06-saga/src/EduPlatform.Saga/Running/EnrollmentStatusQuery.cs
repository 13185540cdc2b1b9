using EduPlatform.Saga.Choreography;
using EduPlatform.Saga.Orchestration;
using Npgsql;

namespace EduPlatform.Saga.Running;

/// <summary>Many enrollments' statuses in one query, whichever style ran them (for waiting on, and auditing, a workload).</summary>
public static class EnrollmentStatusQuery
{
    public static async Task<IReadOnlyDictionary<Guid, EnrollmentStatus>> ReadAsync(
        NpgsqlDataSource database, SagaStyle style, IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(ids);
        var sql = style switch
        {
            SagaStyle.Orchestration => "SELECT saga_id, state FROM orchestrator.sagas WHERE saga_id = ANY(@ids)",
            SagaStyle.Choreography => "SELECT enrollment_id, status FROM enrollments.enrollments WHERE enrollment_id = ANY(@ids)",
            _ => "SELECT correlation_id, current_state FROM masstransit.enrollment_sagas WHERE correlation_id = ANY(@ids)",
        };
        await using var select = database.CreateCommand(sql);
        select.Parameters.AddWithValue("ids", ids.ToArray());
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        var statuses = new Dictionary<Guid, EnrollmentStatus>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var state = reader.GetString(1);
            statuses[reader.GetGuid(0)] = style switch
            {
                SagaStyle.Choreography => EnrollmentTracker.StatusOf(state),
                // The MassTransit state machine uses the orchestrator's state names (see EnrollmentStateMachine).
                _ => Enum.TryParse<SagaState>(state, out var parsed) ? SagaRecord.StatusOf(parsed) : EnrollmentStatus.InProgress,
            };
        }

        return statuses;
    }
}
