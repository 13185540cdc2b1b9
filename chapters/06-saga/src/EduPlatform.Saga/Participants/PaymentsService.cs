using EduPlatform.Saga.Messaging;

namespace EduPlatform.Saga.Participants;

/// <summary>
/// Charges and refunds. A charge over the card limit is declined. Both are idempotent per enrollment, and a refund
/// that arrives before its charge (the orchestrator gave up waiting for the charge) voids it: the late charge is then
/// declined, so no money moves for an enrollment that was already compensated.
/// </summary>
public static class PaymentsService
{
    public const string Name = "payments";

    /// <summary>Charges above this are declined: the demo's way to make the pivot say no.</summary>
    public const decimal CardLimit = 500m;

    public static async Task<Envelope> ChargeAsync(MessageContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var existing = await StatusAsync(context, cancellationToken);
        switch (existing)
        {
            case "charged":
                return context.Message.Then(MessageTypes.PaymentCharged, context.Now);
            case "declined" or "refunded" or "voided":
                return context.Message.Then(MessageTypes.PaymentDeclined, context.Now, $"the payment was already {existing}");
        }

        var enrollment = context.Message.Enrollment;
        if (enrollment.Amount > CardLimit)
        {
            await SetStatusAsync(context, "declined", cancellationToken);
            return context.Message.Then(MessageTypes.PaymentDeclined, context.Now, $"{enrollment.Amount} is over the card limit of {CardLimit}");
        }

        await SetStatusAsync(context, "charged", cancellationToken);
        await RecordAsync(context, "charge", cancellationToken);
        return context.Message.Then(MessageTypes.PaymentCharged, context.Now);
    }

    public static async Task<Envelope> RefundAsync(MessageContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var existing = await StatusAsync(context, cancellationToken);
        if (existing == "charged")
        {
            await SetStatusAsync(context, "refunded", cancellationToken);
            await RecordAsync(context, "refund", cancellationToken);
        }
        else if (existing is null)
        {
            await SetStatusAsync(context, "voided", cancellationToken);
        }

        return context.Message.Then(MessageTypes.PaymentRefunded, context.Now);
    }

    private static async Task<string?> StatusAsync(MessageContext context, CancellationToken cancellationToken)
    {
        await EnrollmentLock.TakeAsync(context, cancellationToken);
        await using var select = context.Command("SELECT status FROM payments.charges WHERE enrollment_id = @id");
        select.Parameters.AddWithValue("id", context.Message.Enrollment.EnrollmentId);
        return (string?)await select.ExecuteScalarAsync(cancellationToken);
    }

    private static async Task SetStatusAsync(MessageContext context, string status, CancellationToken cancellationToken)
    {
        var enrollment = context.Message.Enrollment;
        await using var upsert = context.Command("""
            INSERT INTO payments.charges (enrollment_id, student_id, amount, status, updated_at) VALUES (@id, @student, @amount, @status, @now)
            ON CONFLICT (enrollment_id) DO UPDATE SET status = excluded.status, updated_at = excluded.updated_at
            """);
        upsert.Parameters.AddWithValue("id", enrollment.EnrollmentId);
        upsert.Parameters.AddWithValue("student", enrollment.StudentId);
        upsert.Parameters.AddWithValue("amount", enrollment.Amount);
        upsert.Parameters.AddWithValue("status", status);
        upsert.Parameters.AddWithValue("now", context.Now);
        await upsert.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task RecordAsync(MessageContext context, string kind, CancellationToken cancellationToken)
    {
        await using var insert = context.Command("INSERT INTO payments.ledger (enrollment_id, kind, amount, at) VALUES (@id, @kind, @amount, @now)");
        insert.Parameters.AddWithValue("id", context.Message.Enrollment.EnrollmentId);
        insert.Parameters.AddWithValue("kind", kind);
        insert.Parameters.AddWithValue("amount", context.Message.Enrollment.Amount);
        insert.Parameters.AddWithValue("now", context.Now);
        await insert.ExecuteNonQueryAsync(cancellationToken);
    }
}
