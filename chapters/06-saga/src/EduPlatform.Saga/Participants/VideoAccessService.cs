using EduPlatform.Saga.Messaging;

namespace EduPlatform.Saga.Participants;

/// <summary>
/// Grants the student the course's videos. It comes after the pivot (the charge), so it never says no for a business
/// reason: it is retried until it succeeds. Idempotent per enrollment.
/// </summary>
public static class VideoAccessService
{
    public const string Name = "video";

    public static async Task<Envelope> GrantAsync(MessageContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        await EnrollmentLock.TakeAsync(context, cancellationToken);
        var enrollment = context.Message.Enrollment;
        await using var grant = context.Command("""
            INSERT INTO video.grants (enrollment_id, student_id, course_id, granted_at) VALUES (@id, @student, @course, @now)
            ON CONFLICT (enrollment_id) DO NOTHING
            """);
        grant.Parameters.AddWithValue("id", enrollment.EnrollmentId);
        grant.Parameters.AddWithValue("student", enrollment.StudentId);
        grant.Parameters.AddWithValue("course", enrollment.CourseId);
        grant.Parameters.AddWithValue("now", context.Now);
        if (await grant.ExecuteNonQueryAsync(cancellationToken) == 1)
        {
            await using var record = context.Command("INSERT INTO video.side_effects (enrollment_id, kind, at) VALUES (@id, 'grant', @now)");
            record.Parameters.AddWithValue("id", enrollment.EnrollmentId);
            record.Parameters.AddWithValue("now", context.Now);
            await record.ExecuteNonQueryAsync(cancellationToken);
        }

        return context.Message.Then(MessageTypes.VideoAccessGranted, context.Now);
    }
}
