using EduPlatform.Saga.Messaging;
using Npgsql;
using static EduPlatform.Saga.Messaging.MessageTypes;

namespace EduPlatform.Saga.Choreography;

/// <summary>
/// The choreographed enrollment's front door and its witness. It takes the request (and publishes
/// EnrollmentRequested) and then only watches: every participant's event moves the enrollment's status forward and is
/// written in its history. It sends no command; nobody waits for it. What "orchestration" does in one place is here
/// spread over the participants' reactions (ChoreographyParticipants), and this class only knows how far they got.
/// </summary>
public sealed class EnrollmentTracker : IMessageHandler, IDeadLetterOwner
{
    public const string Schema = "enrollments";

    public IReadOnlyCollection<string> Consumes { get; } =
        [SeatReserved, SeatRefused, PaymentCharged, PaymentDeclined, VideoAccessGranted, ConfirmationSent, SeatReleased];

    /// <summary>How far an event shows the enrollment got. Events overtake each other; the status never goes back.</summary>
    private static int Progress(string state) => state switch
    {
        EnrollmentRequested => 0,
        SeatReserved => 1,
        PaymentCharged or PaymentDeclined => 2,
        VideoAccessGranted => 3,
        _ => 4, // the ends: ConfirmationSent, SeatRefused, SeatReleased
    };

    private static EnrollmentStatus StatusAfter(string type) => type switch
    {
        ConfirmationSent => EnrollmentStatus.Completed,
        SeatRefused or SeatReleased => EnrollmentStatus.Compensated,
        _ => EnrollmentStatus.InProgress,
    };

    public static async Task<bool> StartAsync(MessageContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var enrollment = context.Message.Enrollment;
        await using var insert = context.Command("""
            INSERT INTO enrollments.enrollments (enrollment_id, student_id, course_id, amount, status, version, requested_at)
            VALUES (@id, @student, @course, @amount, @status, 1, @now) ON CONFLICT (enrollment_id) DO NOTHING
            """);
        insert.Parameters.AddWithValue("id", enrollment.EnrollmentId);
        insert.Parameters.AddWithValue("student", enrollment.StudentId);
        insert.Parameters.AddWithValue("course", enrollment.CourseId);
        insert.Parameters.AddWithValue("amount", enrollment.Amount);
        insert.Parameters.AddWithValue("status", EnrollmentRequested);
        insert.Parameters.AddWithValue("now", context.Now);
        if (await insert.ExecuteNonQueryAsync(cancellationToken) == 0)
        {
            return false;
        }

        await SagaHistory.AppendAsync(context, Schema, null, EnrollmentRequested, changed: true, "requested", cancellationToken);
        return true;
    }

    public async Task<IReadOnlyList<Envelope>> HandleAsync(MessageContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var message = context.Message;
        var row = await LoadAsync(context, message.CorrelationId, cancellationToken);
        if (row is null)
        {
            return [];
        }

        var (state, version, _) = row.Value;
        if (state == nameof(EnrollmentStatus.NeedsAttention) || Progress(message.Type) <= Progress(state) || IsEnd(state))
        {
            await SagaHistory.AppendAsync(context, Schema, state, state, changed: false, $"{message.Type} after {state}: nothing new", cancellationToken);
            return [];
        }

        await SaveAsync(context, message.CorrelationId, message.Type, null, version, StatusAfter(message.Type) != EnrollmentStatus.InProgress, cancellationToken);
        await SagaHistory.AppendAsync(context, Schema, state, message.Type, changed: true, message.Reason, cancellationToken);
        return [];
    }

    public async Task OnDeadLetteredAsync(MessageContext context, DeadLetter deadLetter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(deadLetter);
        var row = await LoadAsync(context, deadLetter.CorrelationId, cancellationToken);
        var deadContext = context with { Message = context.Message with { MessageId = deadLetter.Id, Type = DeadLettered, CausationId = deadLetter.MessageId } };
        var note = $"{deadLetter.Type} dead in {deadLetter.Queue} after {deadLetter.Attempts} attempts: {deadLetter.Error}";
        if (row is not { } found || IsEnd(found.State) || found.State == nameof(EnrollmentStatus.NeedsAttention))
        {
            if (row is { } unchanged)
            {
                await SagaHistory.AppendAsync(deadContext, Schema, unchanged.State, unchanged.State, changed: false, note + " (unchanged)", cancellationToken);
            }

            return;
        }

        await SaveAsync(context, deadLetter.CorrelationId, nameof(EnrollmentStatus.NeedsAttention), found.State, found.Version, ended: false, cancellationToken);
        await SagaHistory.AppendAsync(deadContext, Schema, found.State, nameof(EnrollmentStatus.NeedsAttention), changed: true, note, cancellationToken);
    }

    public async Task OnRetriedAsync(MessageContext context, DeadLetter deadLetter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(deadLetter);
        var row = await LoadAsync(context, deadLetter.CorrelationId, cancellationToken);
        if (row is not { State: nameof(EnrollmentStatus.NeedsAttention), Resume: { } resume } found)
        {
            return;
        }

        var retryContext = context with { Message = context.Message with { MessageId = Guid.NewGuid(), Type = DeadLetterRetried, CausationId = deadLetter.MessageId } };
        await SaveAsync(context, deadLetter.CorrelationId, resume, null, found.Version, ended: false, cancellationToken);
        await SagaHistory.AppendAsync(retryContext, Schema, found.State, resume, changed: true, $"operator sent {deadLetter.Type} again", cancellationToken);
    }

    public static async Task<EnrollmentView?> FindAsync(NpgsqlDataSource database, Guid enrollmentId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        await using var select = database.CreateCommand(
            "SELECT student_id, course_id, amount, status, version, requested_at, ended_at FROM enrollments.enrollments WHERE enrollment_id = @id");
        select.Parameters.AddWithValue("id", enrollmentId);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        var state = reader.GetString(3);
        var status = StatusOf(state);
        return new EnrollmentView(enrollmentId, reader.GetString(0), reader.GetString(1), reader.GetDecimal(2), status, state,
            reader.GetInt32(4), reader.GetFieldValue<DateTimeOffset>(5), reader.IsDBNull(6) ? null : reader.GetFieldValue<DateTimeOffset>(6));
    }

    /// <summary>The status a stored state (the last event that moved it, or NeedsAttention) stands for.</summary>
    public static EnrollmentStatus StatusOf(string state) =>
        state == nameof(EnrollmentStatus.NeedsAttention) ? EnrollmentStatus.NeedsAttention : StatusAfter(state);

    private static bool IsEnd(string state) => StatusAfter(state) != EnrollmentStatus.InProgress;

    private static async Task<(string State, int Version, string? Resume)?> LoadAsync(MessageContext context, Guid id, CancellationToken cancellationToken)
    {
        await using var select = context.Command("SELECT status, version, resume_status FROM enrollments.enrollments WHERE enrollment_id = @id");
        select.Parameters.AddWithValue("id", id);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? (reader.GetString(0), reader.GetInt32(1), reader.IsDBNull(2) ? null : reader.GetString(2)) : null;
    }

    private static async Task SaveAsync(MessageContext context, Guid id, string status, string? resume, int version, bool ended, CancellationToken cancellationToken)
    {
        await using var update = context.Command("""
            UPDATE enrollments.enrollments SET status = @status, resume_status = @resume, version = version + 1,
                ended_at = CASE WHEN @ended THEN @now ELSE ended_at END
            WHERE enrollment_id = @id AND version = @version
            """);
        update.Parameters.AddWithValue("id", id);
        update.Parameters.AddWithValue("status", status);
        update.Parameters.AddWithValue("resume", (object?)resume ?? DBNull.Value);
        update.Parameters.AddWithValue("ended", ended);
        update.Parameters.AddWithValue("now", context.Now);
        update.Parameters.AddWithValue("version", version);
        if (await update.ExecuteNonQueryAsync(cancellationToken) != 1)
        {
            throw new ConcurrencyConflictException($"enrollment {id} changed after version {version} was read");
        }
    }
}
