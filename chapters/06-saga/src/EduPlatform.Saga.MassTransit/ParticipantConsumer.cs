using EduPlatform.Saga.Messaging;
using MassTransit;
using Npgsql;
using MessageContext = EduPlatform.Saga.Messaging.MessageContext;

namespace EduPlatform.Saga.MassTransit;

/// <summary>
/// A participant's operation (the same SeatsService, PaymentsService... as the other styles) behind a MassTransit
/// consumer: its side effect in a transaction, then its reply published. MassTransit 8 offers a transactional outbox
/// only through Entity Framework Core (not served here), so the reply is published after the commit: a crash in
/// between loses the reply, and the redelivered command runs the operation again, which (idempotent per enrollment)
/// changes nothing and answers the same. The operations are written for exactly that.
/// </summary>
public sealed class ParticipantConsumer<T>(
    string service, Func<MessageContext, CancellationToken, Task<Envelope>> operation, NpgsqlDataSource database, IMessageFaults faults, TimeProvider clock)
    : IConsumer<T>
    where T : class, IEnrollmentMessage
{
    public async Task Consume(ConsumeContext<T> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var message = context.Message;
        var now = clock.GetUtcNow();
        var envelope = new Envelope(context.MessageId ?? Guid.NewGuid(), typeof(T).Name, message.CorrelationId, message.CausationId, message.Enrollment, now)
        {
            Reason = message.Reason,
        };
        await faults.BeforeHandlingAsync(service, envelope);
        Envelope reply;
        await using (var connection = await database.OpenConnectionAsync(context.CancellationToken))
        await using (var transaction = await connection.BeginTransactionAsync(context.CancellationToken))
        {
            reply = await operation(new MessageContext(connection, transaction, envelope, now), context.CancellationToken);
            await transaction.CommitAsync(context.CancellationToken);
        }

        await faults.AfterCommitAsync(service, envelope);
        var mapped = ContractMapping.FromEnvelope(reply);
        await context.Publish(mapped, mapped.GetType(), context.CancellationToken);
    }
}
