using EduPlatform.Saga.Messaging;

namespace EduPlatform.Saga.Participants;

/// <summary>
/// A participant behind a queue: which message makes it do what. The same operations serve both styles; only the
/// wiring differs (orchestration: the orchestrator's commands; choreography: the other participants' events).
/// </summary>
public sealed class ParticipantHandler(IReadOnlyDictionary<string, Func<MessageContext, CancellationToken, Task<Envelope>>> routes) : IMessageHandler
{
    public IReadOnlyCollection<string> Consumes => routes.Keys.ToArray();

    public async Task<IReadOnlyList<Envelope>> HandleAsync(MessageContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return routes.TryGetValue(context.Message.Type, out var operation)
            ? [await operation(context, cancellationToken)]
            : [];
    }

    /// <summary>Orchestration: each participant does what the orchestrator's command says.</summary>
    public static IReadOnlyDictionary<string, ParticipantHandler> ForOrchestration() => new Dictionary<string, ParticipantHandler>
    {
        [SeatsService.Name] = new(new Dictionary<string, Func<MessageContext, CancellationToken, Task<Envelope>>>
        {
            [MessageTypes.ReserveSeat] = SeatsService.ReserveAsync,
            [MessageTypes.ReleaseSeat] = SeatsService.ReleaseAsync,
        }),
        [PaymentsService.Name] = new(new Dictionary<string, Func<MessageContext, CancellationToken, Task<Envelope>>>
        {
            [MessageTypes.ChargePayment] = PaymentsService.ChargeAsync,
            [MessageTypes.RefundPayment] = PaymentsService.RefundAsync,
        }),
        [VideoAccessService.Name] = new(new Dictionary<string, Func<MessageContext, CancellationToken, Task<Envelope>>>
        {
            [MessageTypes.GrantVideoAccess] = VideoAccessService.GrantAsync,
        }),
        [NotificationService.Name] = new(new Dictionary<string, Func<MessageContext, CancellationToken, Task<Envelope>>>
        {
            [MessageTypes.SendConfirmation] = NotificationService.SendConfirmationAsync,
        }),
    };
}
