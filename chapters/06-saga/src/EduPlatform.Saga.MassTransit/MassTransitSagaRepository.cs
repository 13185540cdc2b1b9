using EduPlatform.Saga.Messaging;
using MassTransit;
using MassTransit.Context;
using MassTransit.Middleware;
using MassTransit.Saga;
using MessageContext = EduPlatform.Saga.Messaging.MessageContext;
using Npgsql;

namespace EduPlatform.Saga.MassTransit;

/// <summary>
/// A small PostgreSQL saga repository for the state machine (no MassTransit saga store is served to this workbook):
/// one transaction per message; the row is read without a lock and saved over the version it was read at (a
/// concurrent change throws <see cref="ConcurrencyConflictException"/>, and the message is retried); every message
/// writes a history line, and a faulted command its dead letter, in the same transaction. Correlation by id only.
/// </summary>
public sealed class MassTransitSagaRepository(NpgsqlDataSource database, TimeProvider clock) :
    ISagaRepositoryContextFactory<EnrollmentSagaState>,
    IQuerySagaRepositoryContextFactory<EnrollmentSagaState>,
    ILoadSagaRepositoryContextFactory<EnrollmentSagaState>
{
    public const string Schema = "masstransit";

    private const string Columns =
        "correlation_id, current_state, student_id, course_id, amount, charge_requested, resume_state, timeout_id, timeout_due_at, version, started_at, ended_at";

    public void Probe(ProbeContext context) => context?.Add("persistence", "postgresql (workbook)");

    public async Task Send<T>(ConsumeContext<T> context, IPipe<SagaRepositoryContext<EnrollmentSagaState, T>> next)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        await using var connection = await database.OpenConnectionAsync(context.CancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(context.CancellationToken);
        await next.Send(new RepositoryContext<T>(connection, transaction, context, clock));
        await transaction.CommitAsync(context.CancellationToken);
    }

    public Task SendQuery<T>(ConsumeContext<T> context, ISagaQuery<EnrollmentSagaState> query, IPipe<SagaRepositoryQueryContext<EnrollmentSagaState, T>> next)
        where T : class =>
        throw new NotSupportedException("The enrollment saga correlates by id only.");

    public Task<T> Execute<T>(Func<QuerySagaRepositoryContext<EnrollmentSagaState>, Task<T>> asyncMethod, CancellationToken cancellationToken = default)
        where T : class =>
        throw new NotSupportedException("The enrollment saga correlates by id only.");

    public async Task<T> Execute<T>(Func<LoadSagaRepositoryContext<EnrollmentSagaState>, Task<T>> asyncMethod, CancellationToken cancellationToken = default)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(asyncMethod);
        return await asyncMethod(new LoadContext(database, cancellationToken));
    }

    internal static async Task<EnrollmentSagaState?> LoadAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, Guid id, CancellationToken cancellationToken)
    {
        await using var select = new NpgsqlCommand($"SELECT {Columns} FROM masstransit.enrollment_sagas WHERE correlation_id = @id", connection, transaction);
        select.Parameters.AddWithValue("id", id);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return new EnrollmentSagaState
        {
            CorrelationId = reader.GetGuid(0),
            CurrentState = reader.GetString(1),
            StudentId = reader.GetString(2),
            CourseId = reader.GetString(3),
            Amount = reader.GetDecimal(4),
            ChargeRequested = reader.GetBoolean(5),
            ResumeState = reader.IsDBNull(6) ? null : reader.GetString(6),
            TimeoutId = reader.IsDBNull(7) ? null : reader.GetGuid(7),
            TimeoutDueAt = reader.IsDBNull(8) ? null : reader.GetFieldValue<DateTimeOffset>(8),
            Version = reader.GetInt32(9),
            StartedAt = reader.GetFieldValue<DateTimeOffset>(10),
            EndedAt = reader.IsDBNull(11) ? null : reader.GetFieldValue<DateTimeOffset>(11),
        };
    }

    /// <summary>One message's view of the repository: what was loaded (to tell what changed), and the transaction.</summary>
    private sealed class RepositoryContext<T> : ConsumeContextScope<T>, SagaRepositoryContext<EnrollmentSagaState, T>
        where T : class
    {
        private readonly NpgsqlConnection connection;
        private readonly NpgsqlTransaction transaction;
        private readonly ConsumeContext<T> context;
        private readonly TimeProvider clock;
        private (string State, Guid? Timeout, string? Resume, bool Charge) _loaded = ("Initial", null, null, false);

        public RepositoryContext(NpgsqlConnection connection, NpgsqlTransaction transaction, ConsumeContext<T> context, TimeProvider clock)
            : base(context)
        {
            this.connection = connection;
            this.transaction = transaction;
            this.context = context;
            this.clock = clock;
        }

        public Task<SagaConsumeContext<EnrollmentSagaState, TMessage>> CreateSagaConsumeContext<TMessage>(
            ConsumeContext<TMessage> consumeContext, EnrollmentSagaState instance, SagaConsumeContextMode mode)
            where TMessage : class =>
            Task.FromResult<SagaConsumeContext<EnrollmentSagaState, TMessage>>(new DefaultSagaConsumeContext<EnrollmentSagaState, TMessage>(consumeContext, instance));

        public Task<SagaConsumeContext<EnrollmentSagaState, T>> Add(EnrollmentSagaState instance) => CreateSagaConsumeContext(context, instance, SagaConsumeContextMode.Add);

        public Task<SagaConsumeContext<EnrollmentSagaState, T>> Insert(EnrollmentSagaState instance) => CreateSagaConsumeContext(context, instance, SagaConsumeContextMode.Insert);

        public async Task<SagaConsumeContext<EnrollmentSagaState, T>> Load(Guid correlationId)
        {
            var instance = await LoadAsync(connection, transaction, correlationId, CancellationToken);
            if (instance is null)
            {
                return null!; // MassTransit's contract: no instance, no context (the missing-instance policy decides)
            }

            _loaded = (instance.CurrentState, instance.TimeoutId, instance.ResumeState, instance.ChargeRequested);
            return await CreateSagaConsumeContext(context, instance, SagaConsumeContextMode.Load);
        }

        /// <summary>A new saga: inserted at version 1 (a second insert of the same id fails the transaction, and is retried).</summary>
        public async Task Save(SagaConsumeContext<EnrollmentSagaState> sagaContext)
        {
            ArgumentNullException.ThrowIfNull(sagaContext);
            var saga = sagaContext.Saga;
            saga.Version = 1;
            await using var insert = new NpgsqlCommand($"""
                INSERT INTO masstransit.enrollment_sagas ({Columns})
                VALUES (@id, @state, @student, @course, @amount, @charge, @resume, @timeout, @due, 1, @started, @ended)
                """, connection, transaction);
            Bind(insert, saga);
            await insert.ExecuteNonQueryAsync(CancellationToken);
            await AfterChangeAsync(saga, changed: true);
        }

        public async Task Update(SagaConsumeContext<EnrollmentSagaState> sagaContext)
        {
            ArgumentNullException.ThrowIfNull(sagaContext);
            var saga = sagaContext.Saga;
            var changed = (saga.CurrentState, saga.TimeoutId, saga.ResumeState, saga.ChargeRequested) != _loaded;
            if (changed)
            {
                await using var update = new NpgsqlCommand("""
                    UPDATE masstransit.enrollment_sagas
                    SET current_state = @state, charge_requested = @charge, resume_state = @resume, timeout_id = @timeout,
                        timeout_due_at = @due, version = version + 1, ended_at = @ended
                    WHERE correlation_id = @id AND version = @version
                    """, connection, transaction);
                Bind(update, saga);
                update.Parameters.AddWithValue("version", saga.Version);
                if (await update.ExecuteNonQueryAsync(CancellationToken) != 1)
                {
                    throw new ConcurrencyConflictException($"saga {saga.CorrelationId} changed after version {saga.Version} was read");
                }

                saga.Version++;
            }

            await AfterChangeAsync(saga, changed);
        }

        public async Task Delete(SagaConsumeContext<EnrollmentSagaState> sagaContext)
        {
            ArgumentNullException.ThrowIfNull(sagaContext);
            await using var delete = new NpgsqlCommand("DELETE FROM masstransit.enrollment_sagas WHERE correlation_id = @id", connection, transaction);
            delete.Parameters.AddWithValue("id", sagaContext.Saga.CorrelationId);
            await delete.ExecuteNonQueryAsync(CancellationToken);
        }

        public Task Discard(SagaConsumeContext<EnrollmentSagaState> sagaContext) => Task.CompletedTask;

        public Task Undo(SagaConsumeContext<EnrollmentSagaState> sagaContext) => Task.CompletedTask;

        private static void Bind(NpgsqlCommand command, EnrollmentSagaState saga)
        {
            command.Parameters.AddWithValue("id", saga.CorrelationId);
            command.Parameters.AddWithValue("state", saga.CurrentState);
            command.Parameters.AddWithValue("student", saga.StudentId);
            command.Parameters.AddWithValue("course", saga.CourseId);
            command.Parameters.AddWithValue("amount", saga.Amount);
            command.Parameters.AddWithValue("charge", saga.ChargeRequested);
            command.Parameters.AddWithValue("resume", (object?)saga.ResumeState ?? DBNull.Value);
            command.Parameters.AddWithValue("timeout", (object?)saga.TimeoutId ?? DBNull.Value);
            command.Parameters.AddWithValue("due", (object?)saga.TimeoutDueAt ?? DBNull.Value);
            command.Parameters.AddWithValue("started", saga.StartedAt);
            command.Parameters.AddWithValue("ended", (object?)saga.EndedAt ?? DBNull.Value);
        }

        /// <summary>The history line of this message (and the dead letter it brought), in the saga's transaction.</summary>
        private async Task AfterChangeAsync(EnrollmentSagaState saga, bool changed)
        {
            var now = clock.GetUtcNow();
            var (type, cause) = context.Message switch
            {
                IEnrollmentMessage message => (typeof(T).Name, message.CausationId),
                Fault fault => (MessageTypes.DeadLettered, fault.FaultedMessageId),
                _ => (typeof(T).Name, (Guid?)null),
            };
            var line = new Envelope(context.MessageId ?? Guid.NewGuid(), type, saga.CorrelationId, cause, saga.Enrollment, now);
            var lineContext = new MessageContext(connection, transaction, line, now);
            await SagaHistory.AppendAsync(lineContext, Schema, _loaded.State, saga.CurrentState, changed, saga.Note, CancellationToken);
            if (saga.PendingDeadLetter is { } dead)
            {
                await using var insert = new NpgsqlCommand("""
                    INSERT INTO masstransit.dead_letters (id, message_id, correlation_id, type, queue, attempts, error, envelope, dead_at)
                    VALUES (@id, @message, @correlation, @type, @queue, @attempts, @error, @envelope, @now)
                    """, connection, transaction);
                insert.Parameters.AddWithValue("id", dead.Id);
                insert.Parameters.AddWithValue("message", dead.MessageId);
                insert.Parameters.AddWithValue("correlation", dead.CorrelationId);
                insert.Parameters.AddWithValue("type", dead.Type);
                insert.Parameters.AddWithValue("queue", dead.Queue);
                insert.Parameters.AddWithValue("attempts", dead.Attempts);
                insert.Parameters.AddWithValue("error", dead.Error);
                insert.Parameters.AddWithValue("envelope", NpgsqlTypes.NpgsqlDbType.Jsonb, line.ToJson());
                insert.Parameters.AddWithValue("now", now);
                await insert.ExecuteNonQueryAsync(CancellationToken);
            }
        }
    }

    private sealed class LoadContext(NpgsqlDataSource database, CancellationToken cancellationToken)
        : BasePipeContext(cancellationToken), LoadSagaRepositoryContext<EnrollmentSagaState>
    {
        public async Task<EnrollmentSagaState> Load(Guid correlationId)
        {
            await using var connection = await database.OpenConnectionAsync(CancellationToken);
            return (await LoadAsync(connection, null, correlationId, CancellationToken))!;
        }
    }
}
