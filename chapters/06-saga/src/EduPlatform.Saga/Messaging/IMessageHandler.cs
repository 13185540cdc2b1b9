namespace EduPlatform.Saga.Messaging;

/// <summary>A service's reaction to the messages it consumes: change its own state, return the messages to send.</summary>
public interface IMessageHandler
{
    /// <summary>The message types this handler consumes (its queue is bound to them).</summary>
    IReadOnlyCollection<string> Consumes { get; }

    /// <summary>
    /// Handles one message inside <paramref name="context"/>'s transaction. What it returns goes to the outbox in the
    /// same transaction. Throwing rolls everything back; the message is tried again.
    /// </summary>
    Task<IReadOnlyList<Envelope>> HandleAsync(MessageContext context, CancellationToken cancellationToken);
}
