using EduPlatform.Cqrs.Domain;
using EduPlatform.Cqrs.ReadModels;
using EduPlatform.EventStore;
using Npgsql;

namespace EduPlatform.Cqrs.Projections;

/// <summary>
/// One generation of the PostgreSQL read models (<c>readmodel_v{N}</c>: student progress, course roster, leaderboard)
/// and its checkpoint. A batch is ONE transaction:
/// <code>
/// BEGIN
///   SELECT position FROM checkpoint FOR UPDATE      -- one writer per generation; must equal the expected position
///   SELECT the progress rows of the batch's enrollments
///   (fold the batch in memory: ReadModelFold)
///   upsert progress, upsert/delete roster and leaderboard rows   -- one statement per table, for the whole batch
///   UPDATE checkpoint SET position = last, applied = applied + n
///   NOTIFY readmodel_projected                      -- delivered at COMMIT: wakes read-your-own-writes waiters
/// COMMIT
/// </code>
/// Three round trips per batch whatever its size, which is what makes a rebuild fast.
/// </summary>
public sealed class PostgresReadModels(NpgsqlDataSource dataSource, int generation) : IReadModelStore
{
    /// <summary>The channel the projector notifies on commit (payload: <c>readmodel_vN:position</c>).</summary>
    public const string ProjectedChannel = "readmodel_projected";

    private readonly string _schema = GenerationNames.Schema(generation);

    public int Generation => generation;

    public string ProjectionName => _schema;

    public async Task<long> LoadPositionAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT position FROM {_schema}.checkpoint");
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task ApplyAsync(long expectedPosition, IReadOnlyList<RecordedEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        // Keys first: an event without a valid key is poison before any I/O.
        var keys = events.Select(ReadModelFold.KeyOf).Distinct().ToArray();

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var views = await LockCheckpointAndLoadAsync(connection, transaction, expectedPosition, keys, cancellationToken);

        var changed = ReadModelFold.ApplyAll(views, events).Select(key => views[key]).ToArray();
        var last = events[^1].GlobalPosition;

        await using var batch = new NpgsqlBatch(connection, transaction);
        AddProgressUpsert(batch, changed);
        AddRosterAndLeaderboard(batch, changed);
        batch.BatchCommands.Add(Command(
            $"UPDATE {_schema}.checkpoint SET position = $1, applied = applied + $2, updated_at = now()",
            Param(last), Param((long)events.Count)));
        batch.BatchCommands.Add(Command("SELECT pg_notify($1, $2)", Param(ProjectedChannel), Param($"{_schema}:{last}")));
        await batch.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task ParkAsync(long expectedPosition, RecordedEvent poison, string reason, int attempts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(poison);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await LockCheckpointAndLoadAsync(connection, transaction, expectedPosition, [], cancellationToken);

        await using var batch = new NpgsqlBatch(connection, transaction);
        batch.BatchCommands.Add(DeadLetters.Insert(ProjectionName, poison, reason, attempts));
        batch.BatchCommands.Add(Command(
            $"UPDATE {_schema}.checkpoint SET position = $1, parked = parked + 1, updated_at = now()", Param(poison.GlobalPosition)));
        batch.BatchCommands.Add(Command("SELECT pg_notify($1, $2)", Param(ProjectedChannel), Param($"{_schema}:{poison.GlobalPosition}")));
        await batch.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private async Task<Dictionary<EnrollmentKey, EnrollmentView>> LockCheckpointAndLoadAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, long expectedPosition, EnrollmentKey[] keys, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection, transaction);
        batch.BatchCommands.Add(Command($"SELECT position FROM {_schema}.checkpoint FOR UPDATE"));
        batch.BatchCommands.Add(Command(
            $"""
            SELECT p.course_id, p.student_id, p.student_name, p.status, p.lessons_completed, p.quizzes_submitted, p.points, p.last_position
              FROM {_schema}.student_progress p
              JOIN unnest($1::text[], $2::text[]) AS k(course_id, student_id)
                ON p.course_id = k.course_id AND p.student_id = k.student_id
            """,
            Param(keys.Select(k => k.CourseId).ToArray()), Param(keys.Select(k => k.StudentId).ToArray())));
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var stored = reader.GetInt64(0);
        if (stored != expectedPosition)
        {
            throw new CheckpointMovedException(ProjectionName, expectedPosition, stored);
        }

        await reader.NextResultAsync(cancellationToken);
        var views = new Dictionary<EnrollmentKey, EnrollmentView>(keys.Length);
        while (await reader.ReadAsync(cancellationToken))
        {
            var view = new EnrollmentView(reader.GetString(0), reader.GetString(1), reader.GetString(2),
                ParseStatus(reader.GetString(3)), reader.GetInt32(4), reader.GetInt32(5), reader.GetInt32(6), reader.GetInt64(7));
            views[view.Key] = view;
        }

        return views;
    }

    private void AddProgressUpsert(NpgsqlBatch batch, EnrollmentView[] changed) =>
        batch.BatchCommands.Add(Command(
            $"""
            INSERT INTO {_schema}.student_progress
                   (course_id, student_id, student_name, status, lessons_completed, quizzes_submitted, points, last_position)
            SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[], $6::int[], $7::int[], $8::bigint[])
            ON CONFLICT (student_id, course_id) DO UPDATE SET
                status = excluded.status, lessons_completed = excluded.lessons_completed,
                quizzes_submitted = excluded.quizzes_submitted, points = excluded.points, last_position = excluded.last_position
            """,
            Param(changed.Select(v => v.CourseId).ToArray()),
            Param(changed.Select(v => v.StudentId).ToArray()),
            Param(changed.Select(v => v.StudentName).ToArray()),
            Param(changed.Select(v => StatusText(v.Status)).ToArray()),
            Param(changed.Select(v => v.LessonsCompleted).ToArray()),
            Param(changed.Select(v => v.QuizzesSubmitted).ToArray()),
            Param(changed.Select(v => v.Points).ToArray()),
            Param(changed.Select(v => v.LastPosition).ToArray())));

    private void AddRosterAndLeaderboard(NpgsqlBatch batch, EnrollmentView[] changed)
    {
        // The roster and the leaderboard hold enrolled students only: a dropped one leaves both.
        var enrolled = changed.Where(v => v.Status == EnrollmentStatus.Enrolled).ToArray();
        var dropped = changed.Where(v => v.Status == EnrollmentStatus.Dropped).ToArray();
        batch.BatchCommands.Add(Command(
            $"""
            INSERT INTO {_schema}.course_roster (course_id, student_id, student_name, enrolled_at_position)
            SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[])
            ON CONFLICT (course_id, student_id) DO NOTHING
            """,
            Param(enrolled.Select(v => v.CourseId).ToArray()), Param(enrolled.Select(v => v.StudentId).ToArray()),
            Param(enrolled.Select(v => v.StudentName).ToArray()), Param(enrolled.Select(v => v.LastPosition).ToArray())));
        batch.BatchCommands.Add(Command(
            $"""
            INSERT INTO {_schema}.leaderboard (course_id, student_id, student_name, points)
            SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::int[])
            ON CONFLICT (course_id, student_id) DO UPDATE SET points = excluded.points
            """,
            Param(enrolled.Select(v => v.CourseId).ToArray()), Param(enrolled.Select(v => v.StudentId).ToArray()),
            Param(enrolled.Select(v => v.StudentName).ToArray()), Param(enrolled.Select(v => v.Points).ToArray())));
        foreach (var table in new[] { "course_roster", "leaderboard" })
        {
            batch.BatchCommands.Add(Command(
                $"""
                DELETE FROM {_schema}.{table} t USING unnest($1::text[], $2::text[]) AS d(course_id, student_id)
                 WHERE t.course_id = d.course_id AND t.student_id = d.student_id
                """,
                Param(dropped.Select(v => v.CourseId).ToArray()), Param(dropped.Select(v => v.StudentId).ToArray())));
        }
    }

    internal static string StatusText(EnrollmentStatus status) => status == EnrollmentStatus.Dropped ? "dropped" : "enrolled";

    internal static EnrollmentStatus ParseStatus(string text) => text == "dropped" ? EnrollmentStatus.Dropped : EnrollmentStatus.Enrolled;

    private static NpgsqlBatchCommand Command(string sql, params NpgsqlParameter[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.AddRange(parameters);
        return command;
    }

    private static NpgsqlParameter<T> Param<T>(T value) => new NpgsqlParameter<T> { TypedValue = value };
}
