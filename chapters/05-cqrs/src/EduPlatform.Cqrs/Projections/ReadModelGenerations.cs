using EduPlatform.Cqrs.ReadModels;
using System.Globalization;
using Npgsql;

namespace EduPlatform.Cqrs.Projections;

/// <summary>
/// Blue/green rebuilds of the PostgreSQL read models. Generation N+1 gets its own schema and its own projector, which
/// starts from position 0 while N keeps serving and keeps projecting. Once N+1 has caught up with N, one transaction
/// re-points the <c>readmodel.*</c> views (what every query reads) from N to N+1: readers move atomically, without
/// downtime. N stays projected (standby), so a rollback is the same switch the other way; drop it when sure.
/// <para>
/// "No read goes backwards": the switch locks both generations' checkpoint rows (so neither projector commits
/// meanwhile) and switches only when the target's position is at least the active one's. Every query returns the
/// position its data is at (read in the same statement), so a client can check it.
/// </para>
/// </summary>
public sealed class ReadModelGenerations(NpgsqlDataSource dataSource)
{
    private static readonly string[] Tables = ["student_progress", "course_roster", "leaderboard"];

    /// <summary>Creates the bookkeeping schema and, on a fresh database, generation 1 as the active one. Idempotent.</summary>
    public async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await LockAsync(connection, transaction, cancellationToken);
        await ExecuteAsync(connection, transaction, EmbeddedSql.ReadModelSchema, cancellationToken);
        if (await ScalarAsync<long>(connection, transaction, "SELECT count(*) FROM projections.generations", cancellationToken) == 0)
        {
            await CreateGenerationAsync(connection, transaction, 1, GenerationStatus.Active, cancellationToken);
            await PointViewsAtAsync(connection, transaction, 1, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<Generation>> ListAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT version, status, created_at, caught_up_at, caught_up_position, activated_at, dropped_at FROM projections.generations ORDER BY version");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var generations = new List<Generation>();
        while (await reader.ReadAsync(cancellationToken))
        {
            generations.Add(new Generation(
                reader.GetInt32(0),
                Enum.Parse<GenerationStatus>(reader.GetString(1), ignoreCase: true),
                reader.GetFieldValue<DateTimeOffset>(2),
                reader.IsDBNull(3) ? null : reader.GetFieldValue<DateTimeOffset>(3),
                reader.IsDBNull(4) ? null : reader.GetInt64(4),
                reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5),
                reader.IsDBNull(6) ? null : reader.GetFieldValue<DateTimeOffset>(6)));
        }

        return generations;
    }

    public async Task<Generation> GetAsync(int version, CancellationToken cancellationToken) =>
        (await ListAsync(cancellationToken)).SingleOrDefault(g => g.Version == version) ?? throw new GenerationNotFoundException(version);

    /// <summary>Starts a rebuild: a new, empty generation, status building. Its projector (in the projector role) fills it.</summary>
    /// <exception cref="GenerationConflictException">a rebuild is in progress already.</exception>
    public async Task<int> StartRebuildAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await LockAsync(connection, transaction, cancellationToken);
        if (await ScalarAsync<long>(connection, transaction, "SELECT count(*) FROM projections.generations WHERE status = 'building'", cancellationToken) > 0)
        {
            throw new GenerationConflictException("A rebuild is in progress already; wait until it has switched, or drop it.");
        }

        var version = await ScalarAsync<int>(connection, transaction, "SELECT max(version) + 1 FROM projections.generations", cancellationToken);
        await CreateGenerationAsync(connection, transaction, version, GenerationStatus.Building, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return version;
    }

    /// <summary>
    /// One attempt to make <paramref name="target"/> the active generation: switches when the target has caught up with
    /// the active one, else says how far behind it is. Rollback is the same call with the standby generation.
    /// </summary>
    public async Task<SwitchOutcome> TrySwitchAsync(int target, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await LockAsync(connection, transaction, cancellationToken);
        var status = await StatusAsync(connection, transaction, target, cancellationToken);
        var active = await ScalarAsync<int>(connection, transaction, "SELECT version FROM projections.generations WHERE status = 'active'", cancellationToken);
        if (status == GenerationStatus.Active)
        {
            return new SwitchOutcome(true, active, 0);
        }

        if (status == GenerationStatus.Dropped)
        {
            throw new GenerationConflictException($"Generation {target} is dropped; start a rebuild instead.");
        }

        // Lock both checkpoint rows: neither projector commits until this transaction ends, so the comparison holds
        // at the moment the views change.
        var activePosition = await ScalarAsync<long>(connection, transaction,
            $"SELECT position FROM {GenerationNames.Schema(active)}.checkpoint FOR UPDATE", cancellationToken);
        var targetPosition = await ScalarAsync<long>(connection, transaction,
            $"SELECT position FROM {GenerationNames.Schema(target)}.checkpoint FOR UPDATE", cancellationToken);
        if (targetPosition < activePosition)
        {
            return new SwitchOutcome(false, active, activePosition - targetPosition);
        }

        await PointViewsAtAsync(connection, transaction, target, cancellationToken);
        await using (var update = new NpgsqlBatch(connection, transaction))
        {
            var standby = new NpgsqlBatchCommand("UPDATE projections.generations SET status = 'standby' WHERE version = $1");
            standby.Parameters.Add(new NpgsqlParameter<int> { TypedValue = active });
            var activate = new NpgsqlBatchCommand(
                """
                UPDATE projections.generations SET status = 'active', activated_at = now(),
                       caught_up_at = coalesce(caught_up_at, now()), caught_up_position = coalesce(caught_up_position, $2)
                 WHERE version = $1
                """);
            activate.Parameters.Add(new NpgsqlParameter<int> { TypedValue = target });
            activate.Parameters.Add(new NpgsqlParameter<long> { TypedValue = targetPosition });
            update.BatchCommands.Add(standby);
            update.BatchCommands.Add(activate);
            await update.ExecuteNonQueryAsync(cancellationToken);
        }

        await ExecuteAsync(connection, transaction, $"SELECT pg_notify('{PostgresReadModels.ProjectedChannel}', 'switched')", cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new SwitchOutcome(true, target, 0);
    }

    /// <summary>Tries <see cref="TrySwitchAsync"/> until it switches or <paramref name="limit"/> passes (the target's projector must be running).</summary>
    public async Task<SwitchOutcome> SwitchAsync(int target, TimeSpan limit, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(time);
        var deadline = time.GetTimestamp() + (long)(limit.TotalSeconds * time.TimestampFrequency);
        while (true)
        {
            var outcome = await TrySwitchAsync(target, cancellationToken);
            if (outcome.Switched || time.GetTimestamp() >= deadline)
            {
                return outcome;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), time, cancellationToken);
        }
    }

    /// <summary>Drops a generation that is not active: its tables go, its row stays (status dropped) as history.</summary>
    public async Task DropAsync(int version, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await LockAsync(connection, transaction, cancellationToken);
        var status = await StatusAsync(connection, transaction, version, cancellationToken);
        switch (status)
        {
            case GenerationStatus.Active:
                throw new GenerationConflictException($"Generation {version} is active; switch to another one before dropping it.");
            case GenerationStatus.Dropped:
                return;
        }

        var schema = GenerationNames.Schema(version);
        // No CASCADE: if anything still depended on these tables (a view), the drop fails instead of taking it along.
        await ExecuteAsync(connection, transaction,
            $"DROP TABLE {string.Join(", ", Tables.Select(t => $"{schema}.{t}"))}, {schema}.checkpoint; DROP SCHEMA {schema};" +
            $"UPDATE projections.generations SET status = 'dropped', dropped_at = now() WHERE version = {version.ToString(CultureInfo.InvariantCulture)}",
            cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>The checkpoint of one generation (0 for a dropped one).</summary>
    public async Task<long> ReadPositionAsync(int version, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT position FROM {GenerationNames.Schema(version)}.checkpoint");
        try
        {
            return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return 0;
        }
    }

    private static async Task CreateGenerationAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, int version, GenerationStatus status,
        CancellationToken cancellationToken)
    {
        await ExecuteAsync(connection, transaction, EmbeddedSql.GenerationSchema.Replace("{schema}", GenerationNames.Schema(version), StringComparison.Ordinal),
            cancellationToken);
        await using var insert = new NpgsqlCommand(
            "INSERT INTO projections.generations (version, status, activated_at) VALUES ($1, $2, CASE WHEN $2 = 'active' THEN now() END)",
            connection, transaction);
        insert.Parameters.Add(new NpgsqlParameter<int> { TypedValue = version });
        insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = status.ToString().ToLowerInvariant() });
        await insert.ExecuteNonQueryAsync(cancellationToken);
    }

    private static Task PointViewsAtAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, int version, CancellationToken cancellationToken)
    {
        // The checkpoint view first: every query opens it before its data view, so this transaction waits for a query
        // holding it, and a query arriving later waits for this transaction holding nothing. Replaced in any other
        // order, a query holding the checkpoint view and waiting for a data view, and this transaction holding that
        // data view and waiting for the checkpoint view, would deadlock, and the query would fail.
        var schema = GenerationNames.Schema(version);
        var sql = $"CREATE OR REPLACE VIEW readmodel.checkpoint AS SELECT {version.ToString(CultureInfo.InvariantCulture)} AS generation, " +
                  $"position, applied, parked, updated_at FROM {schema}.checkpoint;" +
                  string.Concat(Tables.Select(t => $"CREATE OR REPLACE VIEW readmodel.{t} AS SELECT * FROM {schema}.{t};"));
        return ExecuteAsync(connection, transaction, sql, cancellationToken);
    }

    private static async Task<GenerationStatus> StatusAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, int version, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT status FROM projections.generations WHERE version = $1", connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = version });
        return await command.ExecuteScalarAsync(cancellationToken) is string status
            ? Enum.Parse<GenerationStatus>(status, ignoreCase: true)
            : throw new GenerationNotFoundException(version);
    }

    // Generation changes (create, switch, drop) happen one at a time, database-wide.
    private static Task LockAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken) =>
        ExecuteAsync(connection, transaction, "SELECT pg_advisory_xact_lock(hashtext('projections.generations'))", cancellationToken);

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        return (T)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
