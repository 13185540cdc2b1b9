namespace EduPlatform.Saga.Messaging;

/// <summary>
/// Every message of the enrollment. Commands (imperative) are sent by the orchestrator to one participant; events
/// (past tense) say what a participant did. Choreography uses only the events: each participant reacts to another's.
/// </summary>
public static class MessageTypes
{
    // Seats (the course's capacity)
    public const string ReserveSeat = "ReserveSeat";
    public const string SeatReserved = "SeatReserved";
    public const string SeatRefused = "SeatRefused";
    public const string ReleaseSeat = "ReleaseSeat";
    public const string SeatReleased = "SeatReleased";

    // Payments (the pivot: once a charge is known to have succeeded, the saga only goes forward)
    public const string ChargePayment = "ChargePayment";
    public const string PaymentCharged = "PaymentCharged";
    public const string PaymentDeclined = "PaymentDeclined";
    public const string RefundPayment = "RefundPayment";
    public const string PaymentRefunded = "PaymentRefunded";

    // Video access (after the pivot: retried until it succeeds, never compensated)
    public const string GrantVideoAccess = "GrantVideoAccess";
    public const string VideoAccessGranted = "VideoAccessGranted";

    // Notification (after the pivot)
    public const string SendConfirmation = "SendConfirmation";
    public const string ConfirmationSent = "ConfirmationSent";

    // The orchestrator's own
    public const string EnrollmentTimedOut = "EnrollmentTimedOut";

    // Choreography's first event, published by the enrollments service
    public const string EnrollmentRequested = "EnrollmentRequested";

    // The operator's retry of a dead letter, recorded in the saga's history
    public const string DeadLetterRetried = "DeadLetterRetried";
    public const string DeadLettered = "DeadLettered";
}
