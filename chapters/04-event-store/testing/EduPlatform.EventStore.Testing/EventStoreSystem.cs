using EduPlatform.EventStore.Demo;
using EduPlatform.Harness.Hosting;
using EduPlatform.Harness.Infrastructure;
using EduPlatform.Harness.Waiting;
using Npgsql;

namespace EduPlatform.EventStore.Testing;

/// <summary>
/// The chapter's system, running: a fresh PostgreSQL database with the store's schema (cloned from a template built
/// once per infrastructure, so a start costs milliseconds), a <see cref="PostgresEventStore"/> on it, and, when
/// <see cref="EventStoreSettings.Demo"/> asks for it, the demo HTTP API on a real loopback port. Tests and claims
/// start it the same way; the workloads take it. It also gives direct SQL access for what a test must see or do
/// around the store: count what is really stored, plant an event as older code would have written it.
/// </summary>
public sealed class EventStoreSystem : IAsyncDisposable
{
    /// <summary>The template database holding the schema (Schema.sql), built on the first start of a run.</summary>
    public const string SchemaTemplate = "eventstore_v1";

    private static readonly ServiceApp DemoApp = ServiceApp.FromEntryPoint<Program>("eventstore-demo");

    private readonly PostgresDatabase _database;
    private readonly CancellationToken _cancellation;
    private HttpClient? _demoClient;

    private EventStoreSystem(PostgresDatabase database, EventStoreSettings settings, CancellationToken cancellation)
    {
        _database = database;
        _cancellation = cancellation;
        DataSource = NpgsqlDataSource.Create(database.ConnectionString);
        Types = settings.Types();
        Store = new PostgresEventStore(DataSource, Types, settings.Options);
    }

    public string ConnectionString => _database.ConnectionString;

    public NpgsqlDataSource DataSource { get; }

    public EventTypeRegistry Types { get; }

    public PostgresEventStore Store { get; }

    /// <summary>The demo API's instance; null unless <see cref="EventStoreSettings.Demo"/>.</summary>
    public ServiceInstance? Demo { get; private set; }

    /// <summary>A client of the demo API (its base address set); the system disposes it.</summary>
    public HttpClient DemoClient => _demoClient ?? throw new InvalidOperationException("Start the system with EventStoreSettings.Demo to call the demo.");

    /// <param name="cancellationToken">Also ends the direct SQL calls made later through this system.</param>
    public static async Task<EventStoreSystem> StartAsync(
        IInfrastructure infrastructure, EventStoreSettings? settings = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(infrastructure);
        settings ??= new EventStoreSettings();
        await infrastructure.Postgres.EnsureTemplateAsync(SchemaTemplate, (connection, token) => EventStoreSchema.CreateAsync(connection, token), cancellationToken);
        var system = new EventStoreSystem(await infrastructure.Postgres.CreateDatabaseAsync(SchemaTemplate, cancellationToken), settings, cancellationToken);
        if (!settings.Demo)
        {
            return system;
        }

        try
        {
            system.Demo = await ServiceHost.StartAsync(DemoApp, new ServiceHostOptions
            {
                Configuration = new Dictionary<string, string?> { [DemoConfiguration.ConnectionStringKey] = system.ConnectionString },
            }, cancellationToken);
            system._demoClient = system.Demo.CreateClient();
            return system;
        }
        catch
        {
            await system.DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs SQL directly, bypassing the store (to inspect what is really stored, or plant old data).</summary>
    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var command = DataSource.CreateCommand(sql);
        return (T)(await command.ExecuteScalarAsync(_cancellation))!;
    }

    public async Task ExecuteAsync(string sql)
    {
        await using var command = DataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync(_cancellation);
    }

    /// <summary>How many events are stored, counted in the table itself.</summary>
    public Task<long> CountEventsAsync() => ScalarAsync<long>("SELECT count(*) FROM eventstore.events");

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

    public async ValueTask DisposeAsync()
    {
        _demoClient?.Dispose();
        if (Demo is not null)
        {
            await Demo.DisposeAsync();
        }

        await DataSource.DisposeAsync();
        await _database.DisposeAsync();
    }
}
