using EduPlatform.Saga.Messaging;
using Npgsql;

namespace EduPlatform.Saga.Participants;

/// <summary>
/// The course's seats. A reservation takes one of the course's seats or is refused when none is left; a release gives
/// it back. Both are idempotent per enrollment, and a release that arrives before its reservation (messages overtake
/// each other) is remembered, so the late reservation is refused rather than holding a seat forever.
/// </summary>
public static class SeatsService
{
    public const string Name = "seats";

    public static async Task<Envelope> ReserveAsync(MessageContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var enrollment = context.Message.Enrollment;
        var existing = await StatusAsync(context, enrollment.EnrollmentId, cancellationToken);
        switch (existing)
        {
            case "held":
                return context.Message.Then(MessageTypes.SeatReserved, context.Now);
            case "refused" or "released":
                return context.Message.Then(MessageTypes.SeatRefused, context.Now, $"the reservation was already {existing}");
        }

        await using var take = context.Command("UPDATE seats.courses SET reserved = reserved + 1 WHERE course_id = @course AND reserved < capacity");
        take.Parameters.AddWithValue("course", enrollment.CourseId);
        var taken = await take.ExecuteNonQueryAsync(cancellationToken) == 1;
        await SetStatusAsync(context, taken ? "held" : "refused", cancellationToken);
        if (!taken)
        {
            return context.Message.Then(MessageTypes.SeatRefused, context.Now, await CourseExistsAsync(context, cancellationToken) ? "the course is full" : "no such course");
        }

        await RecordAsync(context, "reserve", cancellationToken);
        return context.Message.Then(MessageTypes.SeatReserved, context.Now);
    }

    public static async Task<Envelope> ReleaseAsync(MessageContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var enrollment = context.Message.Enrollment;
        var existing = await StatusAsync(context, enrollment.EnrollmentId, cancellationToken);
        if (existing == "held")
        {
            await using var give = context.Command("UPDATE seats.courses SET reserved = reserved - 1 WHERE course_id = @course");
            give.Parameters.AddWithValue("course", enrollment.CourseId);
            await give.ExecuteNonQueryAsync(cancellationToken);
            await RecordAsync(context, "release", cancellationToken);
        }

        // Nothing held (never reserved, refused, or released already): remember the release, change nothing else.
        if (existing is null or "held")
        {
            await SetStatusAsync(context, "released", cancellationToken);
        }

        return context.Message.Then(MessageTypes.SeatReleased, context.Now);
    }

    public static async Task AddCourseAsync(NpgsqlDataSource database, string courseId, int capacity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        await using var insert = database.CreateCommand(
            "INSERT INTO seats.courses (course_id, capacity) VALUES (@course, @capacity) ON CONFLICT (course_id) DO UPDATE SET capacity = excluded.capacity");
        insert.Parameters.AddWithValue("course", courseId);
        insert.Parameters.AddWithValue("capacity", capacity);
        await insert.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<string?> StatusAsync(MessageContext context, Guid enrollmentId, CancellationToken cancellationToken)
    {
        await EnrollmentLock.TakeAsync(context, cancellationToken);
        await using var select = context.Command("SELECT status FROM seats.reservations WHERE enrollment_id = @id");
        select.Parameters.AddWithValue("id", enrollmentId);
        return (string?)await select.ExecuteScalarAsync(cancellationToken);
    }

    private static async Task SetStatusAsync(MessageContext context, string status, CancellationToken cancellationToken)
    {
        var enrollment = context.Message.Enrollment;
        await using var upsert = context.Command("""
            INSERT INTO seats.reservations (enrollment_id, course_id, status, updated_at) VALUES (@id, @course, @status, @now)
            ON CONFLICT (enrollment_id) DO UPDATE SET status = excluded.status, updated_at = excluded.updated_at
            """);
        upsert.Parameters.AddWithValue("id", enrollment.EnrollmentId);
        upsert.Parameters.AddWithValue("course", enrollment.CourseId);
        upsert.Parameters.AddWithValue("status", status);
        upsert.Parameters.AddWithValue("now", context.Now);
        await upsert.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<bool> CourseExistsAsync(MessageContext context, CancellationToken cancellationToken)
    {
        await using var select = context.Command("SELECT EXISTS (SELECT 1 FROM seats.courses WHERE course_id = @course)");
        select.Parameters.AddWithValue("course", context.Message.Enrollment.CourseId);
        return (bool)(await select.ExecuteScalarAsync(cancellationToken))!;
    }

    private static async Task RecordAsync(MessageContext context, string kind, CancellationToken cancellationToken)
    {
        await using var insert = context.Command("INSERT INTO seats.side_effects (enrollment_id, kind, at) VALUES (@id, @kind, @now)");
        insert.Parameters.AddWithValue("id", context.Message.Enrollment.EnrollmentId);
        insert.Parameters.AddWithValue("kind", kind);
        insert.Parameters.AddWithValue("now", context.Now);
        await insert.ExecuteNonQueryAsync(cancellationToken);
    }
}
