using EduPlatform.Saga.Messaging;
using EduPlatform.Saga.Participants;

namespace EduPlatform.Saga.Choreography;

/// <summary>
/// The choreographed flow is this table: each participant reacts to another's event, nobody tells anyone what to do.
/// <code>
/// EnrollmentRequested -> seats reserve     -> SeatReserved | SeatRefused (the end: nothing to undo)
/// SeatReserved        -> payments charge   -> PaymentCharged | PaymentDeclined
/// PaymentDeclined     -> seats release     -> SeatReleased (the end: compensated)
/// PaymentCharged      -> video grant       -> VideoAccessGranted
/// VideoAccessGranted  -> notifications     -> ConfirmationSent (the end: completed)
/// </code>
/// The same operations as orchestration; what changes is who decides the next step: the one who just finished.
/// </summary>
public static class ChoreographyParticipants
{
    public static IReadOnlyDictionary<string, ParticipantHandler> Create() => new Dictionary<string, ParticipantHandler>
    {
        [SeatsService.Name] = new(new Dictionary<string, Func<MessageContext, CancellationToken, Task<Envelope>>>
        {
            [MessageTypes.EnrollmentRequested] = SeatsService.ReserveAsync,
            [MessageTypes.PaymentDeclined] = SeatsService.ReleaseAsync,
        }),
        [PaymentsService.Name] = new(new Dictionary<string, Func<MessageContext, CancellationToken, Task<Envelope>>>
        {
            [MessageTypes.SeatReserved] = PaymentsService.ChargeAsync,
        }),
        [VideoAccessService.Name] = new(new Dictionary<string, Func<MessageContext, CancellationToken, Task<Envelope>>>
        {
            [MessageTypes.PaymentCharged] = VideoAccessService.GrantAsync,
        }),
        [NotificationService.Name] = new(new Dictionary<string, Func<MessageContext, CancellationToken, Task<Envelope>>>
        {
            [MessageTypes.VideoAccessGranted] = NotificationService.SendConfirmationAsync,
        }),
    };
}
