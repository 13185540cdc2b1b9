using EduPlatform.Harness.Waiting;
using EduPlatform.EventStore.Demo.Enrollments;
using EduPlatform.Harness.Infrastructure;
using Npgsql;

namespace EduPlatform.EventStore.Tests;

/// <summary>
/// A fresh database with the event store's schema for one test: the schema is built once per run into
/// the template <c>eventstore_v1</c>, and each test clones it (milliseconds).
/// </summary>
public sealed class EventStoreDatabase : IAsyncDisposable
{
    private readonly PostgresDatabase _database;

    private EventStoreDatabase(PostgresDatabase database, EventStoreOptions? options)
    {
        _database = database;
        DataSource = NpgsqlDataSource.Create(database.ConnectionString);
        Types = EnrollmentEventTypes.Create();
        Store = new PostgresEventStore(DataSource, Types, options);
    }

    public string ConnectionString => _database.ConnectionString;

    public NpgsqlDataSource DataSource { get; }

    public EventTypeRegistry Types { get; }

    public PostgresEventStore Store { get; }

    public static async Task<EventStoreDatabase> CreateAsync(InfrastructureFixture infrastructure, EventStoreOptions? options = null)
    {
        var cancellation = TestContext.Current.CancellationToken;
        await infrastructure.Postgres.EnsureTemplateAsync("eventstore_v1", (connection, token) => EventStoreSchema.CreateAsync(connection, token), cancellation);
        return new EventStoreDatabase(await infrastructure.Postgres.CreateDatabaseAsync("eventstore_v1", cancellation), options);
    }

    /// <summary>Runs SQL directly, bypassing the store (to inspect what is really stored, or plant old data).</summary>
    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var command = DataSource.CreateCommand(sql);
        return (T)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
    }

    public async Task ExecuteAsync(string sql)
    {
        await using var command = DataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>Stores an event as older code (or a bug) would have, bypassing the store: position 1 of enrollment-1.</summary>
    public Task PlantFirstEventAsync(string eventType, string json)
    {
        var literal = json.Replace("'", "''", StringComparison.Ordinal);
        return ExecuteAsync(
            "INSERT INTO eventstore.events (global_position, stream_id, stream_version, event_id, event_type, data) " +
            $"VALUES (1, 'enrollment-1', 1, gen_random_uuid(), '{eventType}', '{literal}')");
    }

    /// <summary>Returns once some session waits for the store's append lock (an append is blocked behind another).</summary>
    public Task WaitUntilAnAppendWaitsForTheAppendLockAsync() =>
        Eventually.HoldsAsync(
            async () => await ScalarAsync<long>(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted " +
                "AND database = (SELECT oid FROM pg_database WHERE datname = current_database())") > 0,
            "an append waits for the append lock");

    public Task<long> CountEventsAsync() => ScalarAsync<long>("SELECT count(*) FROM eventstore.events");

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        await _database.DisposeAsync();
    }
}
