using EduPlatform.Saga.Messaging;
using MassTransit;

namespace EduPlatform.Saga.MassTransit;

// The same messages as MessageTypes, as the CLR types MassTransit routes by (its exchange per message type). Each
// carries the saga's id (CorrelationId, which MassTransit correlates on) and the id of the message that caused it:
// MassTransit has no causation id of its own, so it travels in the body.

/// <summary>What every enrollment message carries.</summary>
public interface IEnrollmentMessage : CorrelatedBy<Guid>
{
    Guid? CausationId { get; }

    EnrollmentDetails Enrollment { get; }

    string? Reason { get; }
}

public sealed record EnrollmentRequested(Guid CorrelationId, Guid? CausationId, EnrollmentDetails Enrollment, string? Reason = null) : IEnrollmentMessage;

public sealed record ReserveSeat(Guid CorrelationId, Guid? CausationId, EnrollmentDetails Enrollment, string? Reason = null) : IEnrollmentMessage;

public sealed record SeatReserved(Guid CorrelationId, Guid? CausationId, EnrollmentDetails Enrollment, string? Reason = null) : IEnrollmentMessage;

public sealed record SeatRefused(Guid CorrelationId, Guid? CausationId, EnrollmentDetails Enrollment, string? Reason = null) : IEnrollmentMessage;

public sealed record ReleaseSeat(Guid CorrelationId, Guid? CausationId, EnrollmentDetails Enrollment, string? Reason = null) : IEnrollmentMessage;

public sealed record SeatReleased(Guid CorrelationId, Guid? CausationId, EnrollmentDetails Enrollment, string? Reason = null) : IEnrollmentMessage;

public sealed record ChargePayment(Guid CorrelationId, Guid? CausationId, EnrollmentDetails Enrollment, string? Reason = null) : IEnrollmentMessage;

public sealed record PaymentCharged(Guid CorrelationId, Guid? CausationId, EnrollmentDetails Enrollment, string? Reason = null) : IEnrollmentMessage;

public sealed record PaymentDeclined(Guid CorrelationId, Guid? CausationId, EnrollmentDetails Enrollment, string? Reason = null) : IEnrollmentMessage;

public sealed record RefundPayment(Guid CorrelationId, Guid? CausationId, EnrollmentDetails Enrollment, string? Reason = null) : IEnrollmentMessage;

public sealed record PaymentRefunded(Guid CorrelationId, Guid? CausationId, EnrollmentDetails Enrollment, string? Reason = null) : IEnrollmentMessage;

public sealed record GrantVideoAccess(Guid CorrelationId, Guid? CausationId, EnrollmentDetails Enrollment, string? Reason = null) : IEnrollmentMessage;

public sealed record VideoAccessGranted(Guid CorrelationId, Guid? CausationId, EnrollmentDetails Enrollment, string? Reason = null) : IEnrollmentMessage;

public sealed record SendConfirmation(Guid CorrelationId, Guid? CausationId, EnrollmentDetails Enrollment, string? Reason = null) : IEnrollmentMessage;

public sealed record ConfirmationSent(Guid CorrelationId, Guid? CausationId, EnrollmentDetails Enrollment, string? Reason = null) : IEnrollmentMessage;

/// <summary>A durable timeout fired (by <see cref="TimeoutPoller"/>): which one, so a stale one is told apart.</summary>
public sealed record EnrollmentTimedOut(Guid CorrelationId, Guid? CausationId, EnrollmentDetails Enrollment, Guid TimeoutId, string? Reason = null) : IEnrollmentMessage;

/// <summary>An operator retried a dead letter of this saga (POST /admin/dead-letters/{id}/retry).</summary>
public sealed record DeadLetterRetried(Guid CorrelationId, Guid? CausationId, EnrollmentDetails Enrollment, Guid DeadLetterId, string? Reason = null) : IEnrollmentMessage;

/// <summary>Turns a participant's reply (an <see cref="Envelope"/> of the hand-written messaging) into its MassTransit type.</summary>
public static class ContractMapping
{
    public static IEnrollmentMessage FromEnvelope(Envelope reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        var (id, cause, enrollment, reason) = (reply.CorrelationId, reply.CausationId, reply.Enrollment, reply.Reason);
        return reply.Type switch
        {
            MessageTypes.SeatReserved => new SeatReserved(id, cause, enrollment, reason),
            MessageTypes.SeatRefused => new SeatRefused(id, cause, enrollment, reason),
            MessageTypes.SeatReleased => new SeatReleased(id, cause, enrollment, reason),
            MessageTypes.PaymentCharged => new PaymentCharged(id, cause, enrollment, reason),
            MessageTypes.PaymentDeclined => new PaymentDeclined(id, cause, enrollment, reason),
            MessageTypes.PaymentRefunded => new PaymentRefunded(id, cause, enrollment, reason),
            MessageTypes.VideoAccessGranted => new VideoAccessGranted(id, cause, enrollment, reason),
            MessageTypes.ConfirmationSent => new ConfirmationSent(id, cause, enrollment, reason),
            _ => throw new InvalidOperationException($"{reply.Type} is not a participant's reply."),
        };
    }
}
