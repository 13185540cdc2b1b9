using EduPlatform.Saga.Messaging;

namespace EduPlatform.Saga.Participants;

/// <summary>
/// Serialises everything one service does for one enrollment: a reservation and its release (or two different
/// messages about the same enrollment) handled at the same moment take turns, until the transaction ends. Without it
/// both could read "no row yet" and both act.
/// </summary>
internal static class EnrollmentLock
{
    public static async Task TakeAsync(MessageContext context, CancellationToken cancellationToken)
    {
        await using var command = context.Command("SELECT pg_advisory_xact_lock(hashtextextended(@id::text, 0))");
        command.Parameters.AddWithValue("id", context.Message.Enrollment.EnrollmentId);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
