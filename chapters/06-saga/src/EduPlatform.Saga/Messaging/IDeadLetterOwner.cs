namespace EduPlatform.Saga.Messaging;

/// <summary>
/// The service that answers for a saga when one of its messages is dead: it marks the saga NeedsAttention when the
/// message arrives in the dead-letter queue, and lets it go on when an operator retries the message.
/// </summary>
public interface IDeadLetterOwner
{
    Task OnDeadLetteredAsync(MessageContext context, DeadLetter deadLetter, CancellationToken cancellationToken);

    Task OnRetriedAsync(MessageContext context, DeadLetter deadLetter, CancellationToken cancellationToken);
}
