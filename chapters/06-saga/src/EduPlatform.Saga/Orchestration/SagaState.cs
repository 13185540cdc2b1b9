namespace EduPlatform.Saga.Orchestration;

/// <summary>
/// The orchestrated enrollment's states. Forward: seat, payment (the pivot), video access, confirmation. Backward, in
/// reverse order: refund, then release. NeedsAttention: a message of this saga is in the dead-letter queue.
/// </summary>
public enum SagaState
{
    AwaitingSeat,
    AwaitingPayment,
    AwaitingVideoAccess,
    AwaitingConfirmation,
    RefundingPayment,
    ReleasingSeat,
    Completed,
    Compensated,
    NeedsAttention,
}
