using EduPlatform.Saga.Messaging;
using MassTransit;

namespace EduPlatform.Saga.MassTransit;

/// <summary>
/// The enrollment saga as a MassTransit 8 state machine: the same states, steps and compensation as
/// EnrollmentOrchestrator (read them side by side). Forward: seat, payment (the pivot), video access, confirmation;
/// a "no" or a timeout before the pivot compensates in reverse order (refund if a charge was asked for, then release);
/// after it, a timeout asks the step again. A command that faulted all its retries (MassTransit's Fault&lt;T&gt;, its
/// message in the endpoint's _error queue) puts the saga in NeedsAttention. Events a state does not expect (a late
/// timeout, a duplicate, a reply the saga gave up on) are ignored and written in the history.
/// </summary>
public sealed class EnrollmentStateMachine : MassTransitStateMachine<EnrollmentSagaState>
{
    public EnrollmentStateMachine(TimeSpan stepTimeout, int maxAttempts, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        InstanceState(saga => saga.CurrentState);
        Event(() => Requested);
        Event(() => SeatReserved, Existing);
        Event(() => SeatRefused, Existing);
        Event(() => PaymentCharged, Existing);
        Event(() => PaymentDeclined, Existing);
        Event(() => VideoAccessGranted, Existing);
        Event(() => ConfirmationSent, Existing);
        Event(() => PaymentRefunded, Existing);
        Event(() => SeatReleased, Existing);
        Event(() => TimedOut, Existing);
        Event(() => Retried, Existing);

        Event(() => ReserveFaulted, FaultOf<ReserveSeat>);
        Event(() => ChargeFaulted, FaultOf<ChargePayment>);
        Event(() => GrantFaulted, FaultOf<GrantVideoAccess>);
        Event(() => ConfirmFaulted, FaultOf<SendConfirmation>);
        Event(() => RefundFaulted, FaultOf<RefundPayment>);
        Event(() => ReleaseFaulted, FaultOf<ReleaseSeat>);

        Initially(When(Requested)
            .Then(context =>
            {
                var (saga, enrollment) = (context.Saga, context.Message.Enrollment);
                (saga.StudentId, saga.CourseId, saga.Amount, saga.StartedAt) = (enrollment.StudentId, enrollment.CourseId, enrollment.Amount, clock.GetUtcNow());
                saga.Note = "started";
                Arm(saga);
            })
            .Publish(context => new ReserveSeat(context.Saga.CorrelationId, context.MessageId, context.Saga.Enrollment))
            .TransitionTo(AwaitingSeat));

        During(AwaitingSeat,
            When(SeatReserved).Then(context => { context.Saga.ChargeRequested = true; Arm(context.Saga); })
                .Publish(context => new ChargePayment(context.Saga.CorrelationId, context.MessageId, context.Saga.Enrollment))
                .TransitionTo(AwaitingPayment),
            When(SeatRefused).Then(context => End(context.Saga, $"no seat ({context.Message.Reason}); nothing to undo")).TransitionTo(Compensated),
            When(TimedOut, IsCurrent).Then(context => Disarm(context.Saga, "timed out before the pivot: compensating"))
                .Publish(context => new ReleaseSeat(context.Saga.CorrelationId, context.MessageId, context.Saga.Enrollment))
                .TransitionTo(ReleasingSeat));

        During(AwaitingPayment,
            When(PaymentCharged).Then(context => { context.Saga.Note = "past the pivot: forward only"; Arm(context.Saga); })
                .Publish(context => new GrantVideoAccess(context.Saga.CorrelationId, context.MessageId, context.Saga.Enrollment))
                .TransitionTo(AwaitingVideoAccess),
            When(PaymentDeclined).Then(context => Disarm(context.Saga, $"declined ({context.Message.Reason}): compensating"))
                .Publish(context => new ReleaseSeat(context.Saga.CorrelationId, context.MessageId, context.Saga.Enrollment))
                .TransitionTo(ReleasingSeat),
            When(TimedOut, IsCurrent).Then(context => Disarm(context.Saga, "timed out before the pivot: compensating"))
                .Publish(context => new RefundPayment(context.Saga.CorrelationId, context.MessageId, context.Saga.Enrollment))
                .TransitionTo(RefundingPayment));

        During(AwaitingVideoAccess,
            When(VideoAccessGranted).Then(context => Arm(context.Saga))
                .Publish(context => new SendConfirmation(context.Saga.CorrelationId, context.MessageId, context.Saga.Enrollment))
                .TransitionTo(AwaitingConfirmation),
            When(TimedOut, IsCurrent).Then(context => { context.Saga.Note = "timed out after the pivot: asking again"; Arm(context.Saga); })
                .Publish(context => new GrantVideoAccess(context.Saga.CorrelationId, context.MessageId, context.Saga.Enrollment)));

        During(AwaitingConfirmation,
            When(ConfirmationSent).Then(context => End(context.Saga, null)).TransitionTo(Completed),
            When(TimedOut, IsCurrent).Then(context => { context.Saga.Note = "timed out after the pivot: asking again"; Arm(context.Saga); })
                .Publish(context => new SendConfirmation(context.Saga.CorrelationId, context.MessageId, context.Saga.Enrollment)));

        During(RefundingPayment,
            When(PaymentRefunded)
                .Publish(context => new ReleaseSeat(context.Saga.CorrelationId, context.MessageId, context.Saga.Enrollment))
                .TransitionTo(ReleasingSeat));

        During(ReleasingSeat,
            When(SeatReleased).Then(context => End(context.Saga, null)).TransitionTo(Compensated));

        // A command that failed all its retries: stop and wait for an operator (the same as the orchestrator's dead letter).
        During([AwaitingSeat, AwaitingPayment, AwaitingVideoAccess, AwaitingConfirmation, RefundingPayment, ReleasingSeat],
            When(ReserveFaulted).Then(NeedsAttentionFor).TransitionTo(NeedsAttention),
            When(ChargeFaulted).Then(NeedsAttentionFor).TransitionTo(NeedsAttention),
            When(GrantFaulted).Then(NeedsAttentionFor).TransitionTo(NeedsAttention),
            When(ConfirmFaulted).Then(NeedsAttentionFor).TransitionTo(NeedsAttention),
            When(RefundFaulted).Then(NeedsAttentionFor).TransitionTo(NeedsAttention),
            When(ReleaseFaulted).Then(NeedsAttentionFor).TransitionTo(NeedsAttention));

        // The operator's retry: back to the state the saga was in, and its command sent again.
        During(NeedsAttention,
            When(Retried).ThenAsync(async context =>
            {
                var saga = context.Saga;
                var resume = saga.ResumeState ?? throw new InvalidOperationException($"saga {saga.CorrelationId} has no state to resume");
                // Set directly: the state to go back to is data, not a fixed arrow of the diagram.
                (saga.CurrentState, saga.ResumeState, saga.Note) = (resume, null, "operator sent the command again");
                await context.Publish(CommandFor(resume, saga, context.MessageId), CommandTypeFor(resume));
            }));

        OnUnhandledEvent(context =>
        {
            context.Saga.Note = context.CurrentState.Name is nameof(Completed) or nameof(Compensated) && context.Event.Name == nameof(TimedOut)
                ? $"timeout after the saga ended ({context.CurrentState.Name}): ignored"
                : $"{context.Event.Name} not expected in {context.CurrentState.Name}: ignored";
            return context.Ignore();
        });

        void Arm(EnrollmentSagaState saga) => (saga.TimeoutId, saga.TimeoutDueAt) = (Guid.NewGuid(), clock.GetUtcNow() + stepTimeout);

        void End(EnrollmentSagaState saga, string? note) => (saga.EndedAt, saga.Note) = (clock.GetUtcNow(), note);

        void NeedsAttentionFor<T>(BehaviorContext<EnrollmentSagaState, Fault<T>> context)
            where T : class, IEnrollmentMessage
        {
            var (saga, fault) = (context.Saga, context.Message);
            var error = fault.Exceptions.FirstOrDefault()?.Message ?? "faulted";
            saga.ResumeState = saga.CurrentState;
            saga.Note = $"{typeof(T).Name} faulted after its retries: {error}";
            saga.PendingDeadLetter = new DeadLetter(
                Guid.NewGuid(), fault.FaultedMessageId ?? Guid.Empty, saga.CorrelationId, typeof(T).Name, $"{ServiceOf<T>()}_error",
                maxAttempts, error, clock.GetUtcNow(), null);
        }
    }

    public State AwaitingSeat { get; private set; } = null!;

    public State AwaitingPayment { get; private set; } = null!;

    public State AwaitingVideoAccess { get; private set; } = null!;

    public State AwaitingConfirmation { get; private set; } = null!;

    public State RefundingPayment { get; private set; } = null!;

    public State ReleasingSeat { get; private set; } = null!;

    public State Completed { get; private set; } = null!;

    public State Compensated { get; private set; } = null!;

    public State NeedsAttention { get; private set; } = null!;

    public Event<EnrollmentRequested> Requested { get; private set; } = null!;

    public Event<SeatReserved> SeatReserved { get; private set; } = null!;

    public Event<SeatRefused> SeatRefused { get; private set; } = null!;

    public Event<PaymentCharged> PaymentCharged { get; private set; } = null!;

    public Event<PaymentDeclined> PaymentDeclined { get; private set; } = null!;

    public Event<VideoAccessGranted> VideoAccessGranted { get; private set; } = null!;

    public Event<ConfirmationSent> ConfirmationSent { get; private set; } = null!;

    public Event<PaymentRefunded> PaymentRefunded { get; private set; } = null!;

    public Event<SeatReleased> SeatReleased { get; private set; } = null!;

    public Event<EnrollmentTimedOut> TimedOut { get; private set; } = null!;

    public Event<DeadLetterRetried> Retried { get; private set; } = null!;

    public Event<Fault<ReserveSeat>> ReserveFaulted { get; private set; } = null!;

    public Event<Fault<ChargePayment>> ChargeFaulted { get; private set; } = null!;

    public Event<Fault<GrantVideoAccess>> GrantFaulted { get; private set; } = null!;

    public Event<Fault<SendConfirmation>> ConfirmFaulted { get; private set; } = null!;

    public Event<Fault<RefundPayment>> RefundFaulted { get; private set; } = null!;

    public Event<Fault<ReleaseSeat>> ReleaseFaulted { get; private set; } = null!;

    /// <summary>The endpoint (queue) each command is consumed on.</summary>
    public static string ServiceOf<T>() => ServiceOf(typeof(T).Name);

    public static string ServiceOf(string command) => command switch
    {
        nameof(ReserveSeat) or nameof(ReleaseSeat) => "mt-seats",
        nameof(ChargePayment) or nameof(RefundPayment) => "mt-payments",
        nameof(GrantVideoAccess) => "mt-video",
        _ => "mt-notifications",
    };

    /// <summary>Events other than the first find their saga or are dropped (a stray, or one for a saga never created).</summary>
    private static void Existing<T>(IEventCorrelationConfigurator<EnrollmentSagaState, T> correlation)
        where T : class, IEnrollmentMessage =>
        correlation.OnMissingInstance(missing => missing.Discard());

    private static void FaultOf<T>(IEventCorrelationConfigurator<EnrollmentSagaState, Fault<T>> correlation)
        where T : class, IEnrollmentMessage
    {
        correlation.CorrelateById(fault => fault.Message.Message.CorrelationId);
        correlation.OnMissingInstance(missing => missing.Discard());
    }

    /// <summary>Only the saga's current timeout counts; an older one (re-armed since) arrives stale.</summary>
    private static bool IsCurrent(BehaviorContext<EnrollmentSagaState, EnrollmentTimedOut> context) =>
        context.Message.TimeoutId == context.Saga.TimeoutId;

    private static void Disarm(EnrollmentSagaState saga, string note) => (saga.TimeoutId, saga.TimeoutDueAt, saga.Note) = (null, null, note);

    private static object CommandFor(string state, EnrollmentSagaState saga, Guid? cause) => state switch
    {
        nameof(AwaitingSeat) => new ReserveSeat(saga.CorrelationId, cause, saga.Enrollment),
        nameof(AwaitingPayment) => new ChargePayment(saga.CorrelationId, cause, saga.Enrollment),
        nameof(AwaitingVideoAccess) => new GrantVideoAccess(saga.CorrelationId, cause, saga.Enrollment),
        nameof(AwaitingConfirmation) => new SendConfirmation(saga.CorrelationId, cause, saga.Enrollment),
        nameof(RefundingPayment) => new RefundPayment(saga.CorrelationId, cause, saga.Enrollment),
        _ => new ReleaseSeat(saga.CorrelationId, cause, saga.Enrollment),
    };

    private static Type CommandTypeFor(string state) => state switch
    {
        nameof(AwaitingSeat) => typeof(ReserveSeat),
        nameof(AwaitingPayment) => typeof(ChargePayment),
        nameof(AwaitingVideoAccess) => typeof(GrantVideoAccess),
        nameof(AwaitingConfirmation) => typeof(SendConfirmation),
        nameof(RefundingPayment) => typeof(RefundPayment),
        _ => typeof(ReleaseSeat),
    };
}
