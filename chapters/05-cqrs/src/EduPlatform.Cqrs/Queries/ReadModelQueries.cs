using EduPlatform.Cqrs.Projections;
using Npgsql;

namespace EduPlatform.Cqrs.Queries;

/// <summary>
/// The queries. PostgreSQL ones read the <c>readmodel.*</c> views (the active generation); each is ONE statement that
/// also reads the generation's checkpoint, so the position returned is exactly the one the data is at, even while a
/// projector commits or a blue/green switch happens beside it.
/// </summary>
public sealed class ReadModelQueries(NpgsqlDataSource dataSource, RedisLeaderboard redis)
{
    public const int MaxRows = 1_000;

    public async Task<(StudentProgress Data, string ReadModel, long Position)> StudentProgressAsync(string studentId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT c.generation, c.position, p.course_id, p.student_name, p.status, p.lessons_completed, p.quizzes_submitted, p.points, p.last_position
              FROM readmodel.checkpoint c
              LEFT JOIN LATERAL (SELECT * FROM readmodel.student_progress WHERE student_id = $1 ORDER BY course_id LIMIT $2) p ON true
            """);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = studentId });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = MaxRows });
        var courses = new List<CourseProgress>();
        var (generation, position) = await ReadAsync(command, reader => courses.Add(new CourseProgress(
            reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetInt32(5), reader.GetInt32(6), reader.GetInt32(7), reader.GetInt64(8))),
            cancellationToken);
        return (new StudentProgress(studentId, courses), GenerationNames.Schema(generation), position);
    }

    public async Task<(CourseRoster Data, string ReadModel, long Position)> RosterAsync(string courseId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT c.generation, c.position, r.student_id, r.student_name
              FROM readmodel.checkpoint c
              LEFT JOIN LATERAL (SELECT * FROM readmodel.course_roster WHERE course_id = $1 ORDER BY student_id LIMIT $2) r ON true
            """);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = courseId });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = MaxRows });
        var students = new List<RosterEntry>();
        var (generation, position) = await ReadAsync(command, reader => students.Add(new RosterEntry(reader.GetString(2), reader.GetString(3))), cancellationToken);
        return (new CourseRoster(courseId, students), GenerationNames.Schema(generation), position);
    }

    public async Task<(Leaderboard Data, string ReadModel, long Position)> LeaderboardAsync(string courseId, int top, ReadSide side, CancellationToken cancellationToken)
    {
        if (side == ReadSide.Redis)
        {
            var (redisPosition, entries) = await redis.ReadTopAsync(courseId, top);
            return (new Leaderboard(courseId, entries.Select((e, i) => new LeaderboardEntry(i + 1, e.StudentId, null, e.Points)).ToArray()),
                RedisLeaderboard.Name, redisPosition);
        }

        await using var command = dataSource.CreateCommand(
            """
            SELECT c.generation, c.position, l.student_id, l.student_name, l.points
              FROM readmodel.checkpoint c
              LEFT JOIN LATERAL (SELECT * FROM readmodel.leaderboard WHERE course_id = $1
                                  ORDER BY points DESC, student_id DESC LIMIT $2) l ON true
            """);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = courseId });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = top });
        var rows = new List<LeaderboardEntry>();
        var (generation, position) = await ReadAsync(command, reader => rows.Add(
            new LeaderboardEntry(rows.Count + 1, reader.GetString(2), reader.GetString(3), reader.GetInt32(4))), cancellationToken);
        return (new Leaderboard(courseId, rows), GenerationNames.Schema(generation), position);
    }

    // Rows of "checkpoint LEFT JOIN data": one row with NULL data columns when there is no data.
    private static async Task<(int Generation, long Position)> ReadAsync(NpgsqlCommand command, Action<NpgsqlDataReader> row, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var generation = 0;
        var position = 0L;
        while (await reader.ReadAsync(cancellationToken))
        {
            generation = reader.GetInt32(0);
            position = reader.GetInt64(1);
            if (!reader.IsDBNull(2))
            {
                row(reader);
            }
        }

        return (generation, position);
    }
}
