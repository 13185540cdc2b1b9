using EduPlatform.Saga.Messaging;
using Npgsql;

namespace EduPlatform.Saga.Orchestration;

/// <summary>
/// The orchestrator's saga rows in PostgreSQL, with an optimistic version: a save names the version it read, and
/// fails (<see cref="ConcurrencyConflictException"/>) if someone saved in between. Reads take no lock.
/// </summary>
public static class SagaStore
{
    public const string Schema = "orchestrator";

    private const string Columns = "saga_id, student_id, course_id, amount, state, charge_requested, resume_state, timeout_id, version, started_at, ended_at";

    public static async Task<SagaRecord?> LoadAsync(MessageContext context, Guid sagaId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        await using var select = context.Command($"SELECT {Columns} FROM orchestrator.sagas WHERE saga_id = @id");
        select.Parameters.AddWithValue("id", sagaId);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    public static async Task<SagaRecord?> FindAsync(NpgsqlDataSource database, Guid sagaId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        await using var select = database.CreateCommand($"SELECT {Columns} FROM orchestrator.sagas WHERE saga_id = @id");
        select.Parameters.AddWithValue("id", sagaId);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    /// <summary>Inserts a new saga at version 1; false if one with this id exists (the request was repeated).</summary>
    public static async Task<bool> InsertAsync(MessageContext context, SagaRecord saga, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(saga);
        await using var insert = context.Command("""
            INSERT INTO orchestrator.sagas (saga_id, student_id, course_id, amount, state, timeout_id, version, started_at, updated_at)
            VALUES (@id, @student, @course, @amount, @state, @timeout, 1, @now, @now) ON CONFLICT (saga_id) DO NOTHING
            """);
        insert.Parameters.AddWithValue("timeout", (object?)saga.TimeoutId ?? DBNull.Value);
        insert.Parameters.AddWithValue("id", saga.Enrollment.EnrollmentId);
        insert.Parameters.AddWithValue("student", saga.Enrollment.StudentId);
        insert.Parameters.AddWithValue("course", saga.Enrollment.CourseId);
        insert.Parameters.AddWithValue("amount", saga.Enrollment.Amount);
        insert.Parameters.AddWithValue("state", saga.State.ToString());
        insert.Parameters.AddWithValue("now", context.Now);
        return await insert.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>Saves <paramref name="saga"/> over the version it was read at (<c>saga.Version</c>), as version + 1.</summary>
    public static async Task SaveAsync(MessageContext context, SagaRecord saga, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(saga);
        await using var update = context.Command("""
            UPDATE orchestrator.sagas
            SET state = @state, charge_requested = @charge, resume_state = @resume, timeout_id = @timeout,
                version = version + 1, updated_at = @now, ended_at = @ended
            WHERE saga_id = @id AND version = @version
            """);
        update.Parameters.AddWithValue("id", saga.Enrollment.EnrollmentId);
        update.Parameters.AddWithValue("state", saga.State.ToString());
        update.Parameters.AddWithValue("charge", saga.ChargeRequested);
        update.Parameters.AddWithValue("resume", (object?)saga.ResumeState?.ToString() ?? DBNull.Value);
        update.Parameters.AddWithValue("timeout", (object?)saga.TimeoutId ?? DBNull.Value);
        update.Parameters.AddWithValue("now", context.Now);
        update.Parameters.AddWithValue("ended", (object?)saga.EndedAt ?? DBNull.Value);
        update.Parameters.AddWithValue("version", saga.Version);
        if (await update.ExecuteNonQueryAsync(cancellationToken) != 1)
        {
            throw new ConcurrencyConflictException($"saga {saga.Enrollment.EnrollmentId} changed after version {saga.Version} was read");
        }
    }

    /// <summary>Arms (or re-arms) the saga's one timeout: due at <paramref name="dueAt"/>, known by a fresh id.</summary>
    public static async Task<Guid> ArmTimeoutAsync(
        MessageContext context, Guid sagaId, DateTimeOffset dueAt, CancellationToken cancellationToken, Guid? timeoutId = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        var id = timeoutId ?? Guid.NewGuid();
        await using var upsert = context.Command("""
            INSERT INTO orchestrator.timeouts (saga_id, timeout_id, armed_by, due_at) VALUES (@saga, @timeout, @armed_by, @due)
            ON CONFLICT (saga_id) DO UPDATE SET timeout_id = excluded.timeout_id, armed_by = excluded.armed_by, due_at = excluded.due_at, fired_at = NULL
            """);
        upsert.Parameters.AddWithValue("saga", sagaId);
        upsert.Parameters.AddWithValue("timeout", id);
        upsert.Parameters.AddWithValue("armed_by", context.Message.MessageId);
        upsert.Parameters.AddWithValue("due", dueAt);
        await upsert.ExecuteNonQueryAsync(cancellationToken);
        return id;
    }

    private static SagaRecord Read(NpgsqlDataReader reader) => new(
        new EnrollmentDetails(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetDecimal(3)),
        Enum.Parse<SagaState>(reader.GetString(4)),
        reader.GetBoolean(5),
        reader.IsDBNull(6) ? null : Enum.Parse<SagaState>(reader.GetString(6)),
        reader.IsDBNull(7) ? null : reader.GetGuid(7),
        reader.GetInt32(8),
        reader.GetFieldValue<DateTimeOffset>(9),
        reader.IsDBNull(10) ? null : reader.GetFieldValue<DateTimeOffset>(10));
}
