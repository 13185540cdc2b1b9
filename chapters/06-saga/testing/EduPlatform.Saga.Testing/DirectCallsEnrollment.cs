using EduPlatform.Saga.Messaging;
using EduPlatform.Saga.Participants;
using Npgsql;

namespace EduPlatform.Saga.Testing;

/// <summary>
/// The contrast: the same enrollment as direct calls, one after the other, each step in its own transaction, no saga
/// state, no messages, no compensation. When the caller dies between two steps (the same kills the saga claims
/// survive), nothing remembers what was done: a student charged without being enrolled stays charged.
/// </summary>
public sealed class DirectCallsEnrollment(NpgsqlDataSource database, TimeProvider clock)
{
    /// <summary>Runs one enrollment; <paramref name="diesAfterCharge"/>: the caller is killed right after the charge.</summary>
    public async Task<bool> EnrollAsync(EnrollmentDetails enrollment, bool diesAfterCharge, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(enrollment);
        var request = Envelope.Start(MessageTypes.EnrollmentRequested, enrollment, Guid.NewGuid(), clock.GetUtcNow());
        if ((await StepAsync(SeatsService.ReserveAsync, request, cancellationToken)).Type != MessageTypes.SeatReserved)
        {
            return false;
        }

        if ((await StepAsync(PaymentsService.ChargeAsync, request, cancellationToken)).Type != MessageTypes.PaymentCharged)
        {
            // Even the "no" path needs a compensation nobody owns here; the direct caller at least tries it inline.
            await StepAsync(SeatsService.ReleaseAsync, request, cancellationToken);
            return false;
        }

        if (diesAfterCharge)
        {
            return false; // killed: the seat is held and the money taken, and no one will ever finish or undo it
        }

        await StepAsync(VideoAccessService.GrantAsync, request, cancellationToken);
        await StepAsync(NotificationService.SendConfirmationAsync, request, cancellationToken);
        return true;
    }

    private async Task<Envelope> StepAsync(Func<MessageContext, CancellationToken, Task<Envelope>> step, Envelope request, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var result = await step(new MessageContext(connection, transaction, request, clock.GetUtcNow()), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return result;
    }
}
