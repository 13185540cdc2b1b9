using EduPlatform.Saga.Messaging;

namespace EduPlatform.Saga.Participants;

/// <summary>Sends the student the confirmation (here: writes it down). Once per enrollment, however often asked.</summary>
public static class NotificationService
{
    public const string Name = "notifications";

    public static async Task<Envelope> SendConfirmationAsync(MessageContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        await EnrollmentLock.TakeAsync(context, cancellationToken);
        var enrollment = context.Message.Enrollment;
        await using var send = context.Command("""
            INSERT INTO notifications.sent (enrollment_id, student_id, text, at)
            SELECT @id, @student, @text, @now WHERE NOT EXISTS (SELECT 1 FROM notifications.sent WHERE enrollment_id = @id)
            """);
        send.Parameters.AddWithValue("id", enrollment.EnrollmentId);
        send.Parameters.AddWithValue("student", enrollment.StudentId);
        send.Parameters.AddWithValue("text", $"You are enrolled in {enrollment.CourseId}.");
        send.Parameters.AddWithValue("now", context.Now);
        await send.ExecuteNonQueryAsync(cancellationToken);
        return context.Message.Then(MessageTypes.ConfirmationSent, context.Now);
    }
}
