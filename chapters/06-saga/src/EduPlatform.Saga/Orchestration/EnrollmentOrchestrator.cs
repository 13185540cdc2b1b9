using EduPlatform.Saga.Messaging;
using static EduPlatform.Saga.Messaging.MessageTypes;

namespace EduPlatform.Saga.Orchestration;

/// <summary>
/// The enrollment saga, orchestrated: the lesson's core, top to bottom.
/// <para>
/// Forward: reserve a seat, charge the payment (the pivot), grant video access, send the confirmation. Before the
/// pivot has succeeded, a "no" or a timeout compensates what was asked for, in reverse order: refund (if a charge was
/// asked for), then release the seat. After it, the saga only goes forward: a timeout sends the step again.
/// </para>
/// <para>
/// Every message is handled in one transaction (the consumer's): the inbox makes a duplicate a no-op, the saga row is
/// saved over the version it was read at (a concurrent change retries the message), the commands it sends go to the
/// outbox, its history gets a line. A message the current state does not expect (a late timeout, a reply to a step the
/// saga gave up on, a copy that overtook its original) changes nothing: it is only written in the history.
/// </para>
/// </summary>
public sealed class EnrollmentOrchestrator(TimeSpan stepTimeout) : IMessageHandler, IDeadLetterOwner
{
    public IReadOnlyCollection<string> Consumes { get; } =
        [SeatReserved, SeatRefused, PaymentCharged, PaymentDeclined, VideoAccessGranted, ConfirmationSent, PaymentRefunded, SeatReleased, EnrollmentTimedOut];

    /// <summary>What one message does to a saga: its next state, the command to send (if any), a line for the history.</summary>
    private sealed record Decision(SagaState Next, string? Command, string? Note, bool ArmTimeout = false, bool ChargeRequested = false);

    /// <summary>The state machine: (state, message) to decision. Null: this message is not for this state, ignore it.</summary>
    private static Decision? Decide(SagaRecord saga, Envelope message) => (saga.State, message.Type) switch
    {
        (SagaState.AwaitingSeat, SeatReserved) => new(SagaState.AwaitingPayment, ChargePayment, null, ArmTimeout: true, ChargeRequested: true),
        (SagaState.AwaitingSeat, SeatRefused) => new(SagaState.Compensated, null, $"no seat ({message.Reason}); nothing to undo"),
        (SagaState.AwaitingPayment, PaymentCharged) => new(SagaState.AwaitingVideoAccess, GrantVideoAccess, "past the pivot: forward only", ArmTimeout: true),
        (SagaState.AwaitingPayment, PaymentDeclined) => new(SagaState.ReleasingSeat, ReleaseSeat, $"declined ({message.Reason}): compensating"),
        (SagaState.AwaitingVideoAccess, VideoAccessGranted) => new(SagaState.AwaitingConfirmation, SendConfirmation, null, ArmTimeout: true),
        (SagaState.AwaitingConfirmation, ConfirmationSent) => new(SagaState.Completed, null, null),
        (SagaState.RefundingPayment, PaymentRefunded) => new(SagaState.ReleasingSeat, ReleaseSeat, null),
        (SagaState.ReleasingSeat, SeatReleased) => new(SagaState.Compensated, null, null),
        (_, EnrollmentTimedOut) when message.TimeoutId != saga.TimeoutId => null, // an older timeout, re-armed since
        // Timed out before the pivot succeeded: undo what was asked for, newest first. An in-flight charge is refunded
        // (or voided, if the refund overtakes it); an in-flight reservation is released (or pre-empted).
        (SagaState.AwaitingSeat or SagaState.AwaitingPayment, EnrollmentTimedOut) => saga.ChargeRequested
            ? new(SagaState.RefundingPayment, RefundPayment, "timed out before the pivot: compensating")
            : new(SagaState.ReleasingSeat, ReleaseSeat, "timed out before the pivot: compensating"),
        // Timed out after the pivot: the step is asked again (its participant is idempotent), and the timeout re-armed.
        (SagaState.AwaitingVideoAccess, EnrollmentTimedOut) => new(saga.State, GrantVideoAccess, "timed out after the pivot: asking again", ArmTimeout: true),
        (SagaState.AwaitingConfirmation, EnrollmentTimedOut) => new(saga.State, SendConfirmation, "timed out after the pivot: asking again", ArmTimeout: true),
        _ => null,
    };

    /// <summary>Starts a saga: its row, its first command and its timeout, in the caller's transaction.</summary>
    public async Task<IReadOnlyList<Envelope>> StartAsync(MessageContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var saga = new SagaRecord(context.Message.Enrollment, SagaState.AwaitingSeat, false, null, Guid.NewGuid(), 1, context.Now, null);
        if (!await SagaStore.InsertAsync(context, saga, cancellationToken))
        {
            return [];
        }

        await SagaStore.ArmTimeoutAsync(context, saga.Enrollment.EnrollmentId, context.Now + stepTimeout, cancellationToken, saga.TimeoutId);
        await SagaHistory.AppendAsync(context, SagaStore.Schema, null, saga.State.ToString(), changed: true, "started", cancellationToken);
        return [context.Message.Then(ReserveSeat, context.Now)];
    }

    public async Task<IReadOnlyList<Envelope>> HandleAsync(MessageContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var message = context.Message;
        var saga = await SagaStore.LoadAsync(context, message.CorrelationId, cancellationToken);
        if (saga is null)
        {
            // Only the orchestrator creates sagas, and before it sends anything: a message for none is a stray.
            return [];
        }

        var decision = Decide(saga, message);
        if (decision is null)
        {
            var why = message.Type == EnrollmentTimedOut && saga.HasEnded
                ? $"timeout after the saga ended ({saga.State}): ignored"
                : $"{message.Type} not expected in {saga.State}: ignored";
            await SagaHistory.AppendAsync(context, SagaStore.Schema, saga.State.ToString(), saga.State.ToString(), changed: false, why, cancellationToken);
            return [];
        }

        var next = saga with
        {
            State = decision.Next,
            ChargeRequested = saga.ChargeRequested || decision.ChargeRequested,
            EndedAt = decision.Next is SagaState.Completed or SagaState.Compensated ? context.Now : null,
            // Compensation has no timeout: its steps are retried by their consumers and end in the dead-letter queue.
            TimeoutId = decision.Next is SagaState.RefundingPayment or SagaState.ReleasingSeat ? null : saga.TimeoutId,
        };
        if (decision.ArmTimeout)
        {
            next = next with { TimeoutId = await SagaStore.ArmTimeoutAsync(context, saga.Enrollment.EnrollmentId, context.Now + stepTimeout, cancellationToken) };
        }

        await SagaStore.SaveAsync(context, next, cancellationToken);
        await SagaHistory.AppendAsync(context, SagaStore.Schema, saga.State.ToString(), next.State.ToString(), changed: true, decision.Note, cancellationToken);
        return decision.Command is null ? [] : [message.Then(decision.Command, context.Now)];
    }

    /// <summary>A message of a live saga failed all its attempts: stop and wait for an operator.</summary>
    public async Task OnDeadLetteredAsync(MessageContext context, DeadLetter deadLetter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(deadLetter);
        var saga = await SagaStore.LoadAsync(context, deadLetter.CorrelationId, cancellationToken);
        var note = $"{deadLetter.Type} dead in {deadLetter.Queue} after {deadLetter.Attempts} attempts: {deadLetter.Error}";
        var deadContext = context with { Message = context.Message with { MessageId = deadLetter.Id, Type = DeadLettered, CausationId = deadLetter.MessageId } };
        if (saga is null || saga.HasEnded || saga.State == SagaState.NeedsAttention)
        {
            await AppendIfSagaAsync(deadContext, saga, note + " (saga unchanged)", cancellationToken);
            return;
        }

        await SagaStore.SaveAsync(context, saga with { State = SagaState.NeedsAttention, ResumeState = saga.State }, cancellationToken);
        await SagaHistory.AppendAsync(deadContext, SagaStore.Schema, saga.State.ToString(), nameof(SagaState.NeedsAttention), changed: true, note, cancellationToken);
    }

    /// <summary>An operator sent the dead message again: the saga goes back to waiting for its answer.</summary>
    public async Task OnRetriedAsync(MessageContext context, DeadLetter deadLetter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(deadLetter);
        var saga = await SagaStore.LoadAsync(context, deadLetter.CorrelationId, cancellationToken);
        var retryContext = context with { Message = context.Message with { MessageId = Guid.NewGuid(), Type = DeadLetterRetried, CausationId = deadLetter.MessageId } };
        if (saga is not { State: SagaState.NeedsAttention, ResumeState: { } resume })
        {
            await AppendIfSagaAsync(retryContext, saga, $"{deadLetter.Type} sent again (saga unchanged)", cancellationToken);
            return;
        }

        await SagaStore.SaveAsync(context, saga with { State = resume, ResumeState = null }, cancellationToken);
        await SagaHistory.AppendAsync(retryContext, SagaStore.Schema, saga.State.ToString(), resume.ToString(), changed: true, $"operator sent {deadLetter.Type} again", cancellationToken);
    }

    private static async Task AppendIfSagaAsync(MessageContext context, SagaRecord? saga, string note, CancellationToken cancellationToken)
    {
        if (saga is not null)
        {
            await SagaHistory.AppendAsync(context, SagaStore.Schema, saga.State.ToString(), saga.State.ToString(), changed: false, note, cancellationToken);
        }
    }
}
