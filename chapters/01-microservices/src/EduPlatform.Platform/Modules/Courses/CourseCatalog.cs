using Npgsql;

namespace EduPlatform.Platform.Modules.Courses;

/// <summary>Reads the catalogue and enrollments, and enrolls a learner, in the Courses database only.</summary>
public sealed class CourseCatalog(CoursesDatabase database)
{
    public async Task<IReadOnlyList<CourseSummary>> ListAsync(CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand("""
            SELECT c.id, c.title, c.summary, c.instructor_id, c.price_cents, c.currency,
                   (SELECT count(*)::int FROM lessons l WHERE l.course_id = c.id)
            FROM courses c ORDER BY c.id
            """);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var courses = new List<CourseSummary>();
        while (await reader.ReadAsync(cancellationToken))
        {
            courses.Add(new CourseSummary(
                reader.GetInt32(0), reader.GetString(1), reader.GetString(2), reader.GetGuid(3), reader.GetInt64(4), reader.GetString(5), reader.GetInt32(6)));
        }

        return courses;
    }

    /// <summary>The course with its lessons, in one round trip; null when there is no such course.</summary>
    public async Task<CourseDetail?> FindAsync(int id, CancellationToken cancellationToken)
    {
        await using var batch = database.DataSource.CreateBatch();
        batch.BatchCommands.Add(new NpgsqlBatchCommand("SELECT id, title, summary, instructor_id, price_cents, currency FROM courses WHERE id = $1")
        {
            Parameters = { new NpgsqlParameter { Value = id } },
        });
        batch.BatchCommands.Add(new NpgsqlBatchCommand("SELECT number, title, duration_minutes FROM lessons WHERE course_id = $1 ORDER BY number")
        {
            Parameters = { new NpgsqlParameter { Value = id } },
        });
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        var (title, summary, instructor, price, currency) = (reader.GetString(1), reader.GetString(2), reader.GetGuid(3), reader.GetInt64(4), reader.GetString(5));
        await reader.NextResultAsync(cancellationToken);
        var lessons = new List<Lesson>();
        while (await reader.ReadAsync(cancellationToken))
        {
            lessons.Add(new Lesson(reader.GetInt32(0), reader.GetString(1), reader.GetInt32(2)));
        }

        return new CourseDetail(id, title, summary, instructor, price, currency, lessons);
    }

    public async Task<IReadOnlyList<Enrollment>> EnrollmentsOfAsync(Guid userId, CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand("SELECT course_id, enrolled_at FROM enrollments WHERE user_id = $1 ORDER BY course_id");
        command.Parameters.Add(new NpgsqlParameter { Value = userId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var enrollments = new List<Enrollment>();
        while (await reader.ReadAsync(cancellationToken))
        {
            enrollments.Add(new Enrollment(reader.GetInt32(0), reader.GetFieldValue<DateTimeOffset>(1)));
        }

        return enrollments;
    }

    /// <summary>
    /// Enrolls the user; enrolling twice is harmless (the primary key keeps one row) and tells the
    /// caller it was already done. Null when the course does not exist.
    /// </summary>
    public async Task<EnrollResult?> EnrollAsync(Guid userId, int courseId, CancellationToken cancellationToken)
    {
        try
        {
            await using var insert = database.DataSource.CreateCommand("""
                INSERT INTO enrollments (user_id, course_id) VALUES ($1, $2)
                ON CONFLICT (user_id, course_id) DO NOTHING RETURNING enrolled_at
                """);
            insert.Parameters.Add(new NpgsqlParameter { Value = userId });
            insert.Parameters.Add(new NpgsqlParameter { Value = courseId });
            if (await insert.ExecuteScalarAsync(cancellationToken) is DateTime inserted)
            {
                return new EnrollResult(new Enrollment(courseId, new DateTimeOffset(inserted, TimeSpan.Zero)), Created: true);
            }
        }
        catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.ForeignKeyViolation)
        {
            return null;
        }

        // A separate statement, so it sees a concurrent enrollment that committed while ours waited.
        await using var existing = database.DataSource.CreateCommand("SELECT enrolled_at FROM enrollments WHERE user_id = $1 AND course_id = $2");
        existing.Parameters.Add(new NpgsqlParameter { Value = userId });
        existing.Parameters.Add(new NpgsqlParameter { Value = courseId });
        var enrolledAt = (DateTime)(await existing.ExecuteScalarAsync(cancellationToken))!;
        return new EnrollResult(new Enrollment(courseId, new DateTimeOffset(enrolledAt, TimeSpan.Zero)), Created: false);
    }
}

public sealed record EnrollResult(Enrollment Enrollment, bool Created);
