using EduPlatform.Cqrs.Domain;
using EduPlatform.Cqrs.Projections;
using EduPlatform.EventStore;
using EduPlatform.Harness.Hosting;
using EduPlatform.Harness.Infrastructure;
using Npgsql;
using StackExchange.Redis;

namespace EduPlatform.Cqrs.Testing;

/// <summary>
/// The chapter's system, running: a fresh PostgreSQL database (chapter 04's event store and the read models) and a
/// Redis database of its own, the API, and the projector (with the API, apart in process, or as its own process,
/// per <see cref="CqrsSettings.Projector"/>). Tests and claims start it the same way; workloads and verification take
/// it. Also hands out direct access (data source, store, Redis) for what a test must do around the API: plant a
/// poison event, read a table, fold the log.
/// </summary>
public sealed class CqrsSystem : IAsyncDisposable
{
    private static readonly ServiceApp App = ServiceApp.FromBuild<CqrsOptions>(CqrsHost.Build, "cqrs");

    private readonly PostgresDatabase _database;
    private readonly RedisDatabase _redisDatabase;
    private readonly CqrsSettings _settings;
    private readonly Dictionary<string, string?> _configuration;

    private CqrsSystem(PostgresDatabase database, RedisDatabase redisDatabase, ConnectionMultiplexer redis, CqrsSettings settings)
    {
        _database = database;
        _redisDatabase = redisDatabase;
        _settings = settings;
        Redis = redis;
        DataSource = NpgsqlDataSource.Create(database.ConnectionString);
        Types = EnrollmentEventTypes.Create();
        Store = new PostgresEventStore(DataSource, Types);
        RedisKeys = new RedisKeys(redisDatabase.KeyPrefix);
        Leaderboard = new RedisLeaderboard(redis, RedisKeys);
        Generations = new ReadModelGenerations(DataSource);
        Monitor = new ProjectionMonitor(DataSource, Store, Generations, Leaderboard);
        _configuration = new Dictionary<string, string?>
        {
            ["ConnectionStrings:EventStore"] = database.ConnectionString,
            ["ConnectionStrings:Redis"] = redisDatabase.ConnectionString,
            ["Cqrs:RedisKeyPrefix"] = redisDatabase.KeyPrefix,
            ["Cqrs:BatchSize"] = settings.BatchSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Cqrs:RebuildBatchSize"] = settings.RebuildBatchSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Cqrs:RetryDelayMs"] = settings.RetryDelayMs.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Cqrs:GenerationPollMs"] = settings.GenerationPollMs.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Cqrs:LagRefreshMs"] = settings.LagRefreshMs.ToString(System.Globalization.CultureInfo.InvariantCulture),
            // Request logs of a load run would drown everything else.
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
        };
    }

    public ServiceInstance Api { get; private set; } = null!;

    /// <summary>The projector's own instance; null when it runs inside <see cref="Api"/> or has not been started.</summary>
    public ServiceInstance? Projector { get; private set; }

    public CqrsClient Client { get; private set; } = null!;

    public string ConnectionString => _database.ConnectionString;

    public NpgsqlDataSource DataSource { get; }

    public EventTypeRegistry Types { get; }

    /// <summary>Chapter 04's store on the system's database: to append around the write side (a planted poison event).</summary>
    public PostgresEventStore Store { get; }

    public ConnectionMultiplexer Redis { get; }

    public RedisKeys RedisKeys { get; }

    public RedisLeaderboard Leaderboard { get; }

    public ReadModelGenerations Generations { get; }

    public ProjectionMonitor Monitor { get; }

    public static async Task<CqrsSystem> StartAsync(IInfrastructure infrastructure, CqrsSettings? settings = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(infrastructure);
        settings ??= new CqrsSettings();
        var database = await infrastructure.Postgres.CreateDatabaseAsync(cancellationToken: cancellationToken);
        var redisDatabase = await infrastructure.Redis.CreateDatabaseAsync(cancellationToken);
        var redis = await ConnectionMultiplexer.ConnectAsync(redisDatabase.ConnectionString);
        var system = new CqrsSystem(database, redisDatabase, redis, settings);
        try
        {
            var roles = settings.Projector == ProjectorPlacement.WithApi ? "api,projector" : "api";
            system.Api = await ServiceHost.StartAsync(App, system.Options(settings.ApiMode, roles), cancellationToken);
            system.Client = new CqrsClient(system.Api.CreateClient(), cancellationToken);
            switch (settings.Projector)
            {
                case ProjectorPlacement.SeparateInProcess:
                    await system.StartProjectorAsync(HostingMode.InProcess, cancellationToken);
                    break;
                case ProjectorPlacement.SeparateProcess:
                    await system.StartProjectorAsync(HostingMode.OutOfProcess, cancellationToken);
                    break;
            }

            return system;
        }
        catch
        {
            await system.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts a projector-only instance (when none runs apart yet).</summary>
    public async Task StartProjectorAsync(HostingMode mode = HostingMode.InProcess, CancellationToken cancellationToken = default)
    {
        if (Projector is not null)
        {
            throw new InvalidOperationException("A projector instance is started already; restart it instead.");
        }

        Projector = await ServiceHost.StartAsync(App, Options(mode, "projector"), cancellationToken);
    }

    /// <summary>
    /// One more projector on the same database and Redis, beside the one the system runs: the deployment mistake (or
    /// the zombie after a partition) that the checkpoints' compare-and-set must survive. The caller disposes it.
    /// </summary>
    public Task<ServiceInstance> StartAnotherProjectorAsync(HostingMode mode = HostingMode.InProcess, CancellationToken cancellationToken = default) =>
        ServiceHost.StartAsync(App, Options(mode, "projector"), cancellationToken);

    /// <summary>Kills the projector instance: SIGKILL out of process; in process its host dies without draining.</summary>
    public Task KillProjectorAsync() =>
        (Projector ?? throw new InvalidOperationException("The projector runs inside the API here; start the system with a separate projector.")).KillAsync();

    public Task RestartProjectorAsync(CancellationToken cancellationToken = default) =>
        (Projector ?? throw new InvalidOperationException("No separate projector instance.")).RestartAsync(cancellationToken);

    /// <summary>Waits until every projection (every generation not dropped, and Redis) has reached the store's head.</summary>
    public async Task<long> WaitUntilCaughtUpAsync(TimeSpan limit, CancellationToken cancellationToken = default)
    {
        var head = await Store.ReadHeadPositionAsync(cancellationToken);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(limit);
        IReadOnlyList<ProjectionStatus> statuses = [];
        try
        {
            while (true)
            {
                statuses = await Monitor.ReadAsync(deadline.Token);
                if (statuses.All(s => s.Position >= head))
                {
                    return head;
                }

                await Task.Delay(20, deadline.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"The projections did not reach position {head} within {limit.TotalSeconds:0.#} s: " +
                                       string.Join(", ", statuses.Select(s => $"{s.Projection} at {s.Position}")));
        }
    }

    /// <summary>The API's meter, to listen to its instruments (in-process API only).</summary>
    public System.Diagnostics.Metrics.Meter ApiMeter =>
        ((CqrsMetrics)Api.Services.GetService(typeof(CqrsMetrics))!).Meter;

    /// <summary>The meter of the instance that runs the projector (in process only).</summary>
    public System.Diagnostics.Metrics.Meter ProjectorMeter =>
        ((CqrsMetrics)(Projector ?? Api).Services.GetService(typeof(CqrsMetrics))!).Meter;

    public async ValueTask DisposeAsync()
    {
        Client?.Dispose();
        if (Projector is not null)
        {
            await Projector.DisposeAsync();
        }

        if (Api is not null)
        {
            await Api.DisposeAsync();
        }

        await DataSource.DisposeAsync();
        await Redis.DisposeAsync();
        await _redisDatabase.DisposeAsync();
        await _database.DisposeAsync();
    }

    private ServiceHostOptions Options(HostingMode mode, string roles) => new()
    {
        Mode = mode,
        Configuration = new Dictionary<string, string?>(_configuration) { ["Cqrs:Roles"] = roles },
        Log = _settings.Log,
        Readiness = ReadinessProbe.Http("/health/ready"),
    };
}
