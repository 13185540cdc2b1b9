using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using EduPlatform.Harness.Hosting;
using EduPlatform.Harness.Infrastructure;
using EduPlatform.Harness.Waiting;
using EduPlatform.Saga.Choreography;
using EduPlatform.Saga.Host;
using EduPlatform.Saga.Messaging;
using EduPlatform.Saga.Orchestration;
using EduPlatform.Saga.Participants;
using EduPlatform.Saga.Running;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace EduPlatform.Saga.Testing;

/// <summary>
/// The enrollment saga, running: a database of its own (every service's schema), a RabbitMQ virtual host of its own,
/// and the host app with the style's services, either all in this process (tests: crashes are simulated by dropping a
/// service's connection) or one real process per service (claims: kills are SIGKILLs, the system restarts the killed
/// process). Tests and claims start it the same way, talk to it through its HTTP API, and audit it the same way.
/// </summary>
public sealed class SagaSystem : IAsyncDisposable
{
    public const string Template = "saga";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private readonly IInfrastructure _infrastructure;
    private readonly PostgresDatabase _database;
    private readonly RabbitMqVirtualHost _virtualHost;
    private readonly List<ManagedService> _services = [];
    private readonly CancellationTokenSource _watching = new();
    private Task _watchdog = Task.CompletedTask;

    private SagaSystem(IInfrastructure infrastructure, SagaSettings settings, PostgresDatabase database, RabbitMqVirtualHost virtualHost)
    {
        _infrastructure = infrastructure;
        Settings = settings;
        _database = database;
        _virtualHost = virtualHost;
        Database = NpgsqlDataSource.Create(database.ConnectionString);
    }

    public SagaSettings Settings { get; }

    public NpgsqlDataSource Database { get; }

    public string ConnectionString => _database.ConnectionString;

    public Uri RabbitMqUri => _virtualHost.Uri;

    /// <summary>The enrollment API (the front service's instance).</summary>
    public HttpClient Api { get; private set; } = null!;

    /// <summary>How often a service process died and was restarted (out of process), or was crashed by the test (in process).</summary>
    public int Restarts => _services.Sum(service => service.Restarts) + (InProcessSaga?.Crashes ?? 0);

    private InProcessCrashes? InProcessSaga { get; set; }

    public static async Task<SagaSystem> StartAsync(IInfrastructure infrastructure, SagaSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(infrastructure);
        ArgumentNullException.ThrowIfNull(settings);
        await infrastructure.Postgres.EnsureTemplateAsync(Template, SagaSchema.CreateAsync, cancellationToken);
        var database = await infrastructure.Postgres.CreateDatabaseAsync(Template, cancellationToken);
        var virtualHost = await infrastructure.RabbitMq.CreateVirtualHostAsync(cancellationToken);
        var system = new SagaSystem(infrastructure, settings, database, virtualHost);
        try
        {
            foreach (var (course, capacity) in settings.Courses)
            {
                await SeatsService.AddCourseAsync(system.Database, course, capacity, cancellationToken);
            }

            await system.StartServicesAsync(cancellationToken);
        }
        catch
        {
            await system.DisposeAsync();
            throw;
        }

        return system;
    }

    /// <summary>The services of a style, the front service last (its queue's partners exist before it publishes).</summary>
    public static IReadOnlyList<string> ServicesOf(SagaStyle style) =>
        [SeatsService.Name, PaymentsService.Name, VideoAccessService.Name, NotificationService.Name,
         style == SagaStyle.Choreography ? EnrollmentTracker.Schema : SagaStore.Schema];

    public async Task<Guid> EnrollAsync(string studentId, string courseId, decimal amount, Guid? enrollmentId = null, CancellationToken cancellationToken = default)
    {
        var id = enrollmentId ?? Guid.NewGuid();
        using var response = await Api.PostAsJsonAsync("/enrollments", new { enrollmentId = id, studentId, courseId, amount }, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"POST /enrollments answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }

        return id;
    }

    public async Task<EnrollmentView?> FindAsync(Guid id, CancellationToken cancellationToken = default)
    {
        using var response = await Api.GetAsync($"/enrollments/{id}", cancellationToken);
        return response.StatusCode == System.Net.HttpStatusCode.NotFound
            ? null
            : await response.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<EnrollmentView>(Json, cancellationToken);
    }

    public async Task<IReadOnlyList<SagaHistoryEntry>> HistoryAsync(Guid id, CancellationToken cancellationToken = default) =>
        await Api.GetFromJsonAsync<SagaHistoryEntry[]>($"/enrollments/{id}/history", Json, cancellationToken) ?? [];

    public async Task<IReadOnlyList<DeadLetter>> DeadLettersAsync(CancellationToken cancellationToken = default) =>
        await Api.GetFromJsonAsync<DeadLetter[]>("/admin/dead-letters", Json, cancellationToken) ?? [];

    public async Task<HttpResponseMessage> RetryDeadLetterAsync(Guid id, CancellationToken cancellationToken = default) =>
        await Api.PostAsync($"/admin/dead-letters/{id}/retry", content: null, cancellationToken);

    public async Task<IReadOnlyDictionary<Guid, EnrollmentStatus>> StatusesAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken = default) =>
        await EnrollmentStatusQuery.ReadAsync(Database, Settings.Style, ids, cancellationToken);

    /// <summary>Waits until the enrollment is in <paramref name="status"/> (default: any end) and returns it.</summary>
    public async Task<EnrollmentView> WaitForAsync(Guid id, EnrollmentStatus? status = null, TimeSpan? within = null) =>
        (await Eventually.ReturnsAsync(
            () => FindAsync(id),
            view => view is not null && (status is null ? view.Status != EnrollmentStatus.InProgress : view.Status == status),
            $"enrollment {id} is {(status is null ? "ended" : status)}",
            within))!;

    /// <summary>Waits until none of <paramref name="ids"/> is in progress any more (or the limit passes), and returns their statuses.</summary>
    public async Task<IReadOnlyDictionary<Guid, EnrollmentStatus>> WaitUntilAllEndedAsync(IReadOnlyCollection<Guid> ids, TimeSpan within, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            var statuses = await StatusesAsync(ids, cancellationToken);
            if ((statuses.Count == ids.Count && statuses.Values.All(status => status != EnrollmentStatus.InProgress)) || DateTime.UtcNow > deadline)
            {
                return statuses;
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    public Task<SagaAudit> AuditAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken = default) =>
        SagaVerification.AuditAsync(Database, Settings.Style, ids, cancellationToken);

    /// <summary>In process: the named service dies as a SIGKILL would (its connection drops unacknowledged) and comes back.</summary>
    public void Crash(string service) =>
        (InProcessSaga ?? throw new InvalidOperationException("Crash is in process only; out of process, use KillAsync.")).Crash(service);

    /// <summary>Out of process: SIGKILLs the named service's process; the system restarts it.</summary>
    public async Task KillAsync(string service)
    {
        var managed = _services.Single(candidate => candidate.Name == service);
        await managed.Instance.KillAsync();
    }

    /// <summary>Restarts the RabbitMQ broker these services use (it must be one the caller owns: see RabbitMqResource.RestartAsync).</summary>
    public Task RestartBrokerAsync(TimeSpan downtime, CancellationToken cancellationToken = default) =>
        _infrastructure.RabbitMq.RestartAsync(downtime, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        Settings.Faults.Heal(); // a stalled handler would hold its service's shutdown forever
        await _watching.CancelAsync();
        await _watchdog.ContinueWith(_ => { }, TaskScheduler.Default);
        Api?.Dispose();
        foreach (var service in Enumerable.Reverse(_services))
        {
            await service.Instance.DisposeAsync();
        }

        await Database.DisposeAsync();
        await _virtualHost.DisposeAsync();
        await _database.DisposeAsync();
        _watching.Dispose();
    }

    private Dictionary<string, string?> Configuration(string? services) => new()
    {
        ["ConnectionStrings:Saga"] = _database.ConnectionString,
        ["RabbitMq:Uri"] = _virtualHost.Uri.ToString(),
        ["Saga:Style"] = Settings.Style.ToString(),
        ["Saga:Services"] = services,
        ["Saga:StepTimeout"] = Settings.StepTimeout.ToString("c", CultureInfo.InvariantCulture),
        ["Saga:MaxAttempts"] = Settings.MaxAttempts.ToString(CultureInfo.InvariantCulture),
        ["Saga:Concurrency"] = Settings.Concurrency.ToString(CultureInfo.InvariantCulture),
        ["Saga:DuplicateAndShuffle"] = Settings.Chaos.DuplicateEveryMessage ? "true" : "false",
        ["Saga:CreateSchema"] = "false",
        ["Logging:LogLevel:Default"] = "Warning",
    };

    private async Task StartServicesAsync(CancellationToken cancellationToken)
    {
        // In process: built by SagaHostApp.Build (no content root to find, so it runs from a test and from prove alike).
        var app = ServiceApp.FromBuild<Program>((args, configure) => SagaHostApp.Build(args, configure), "saga");
        if (Settings.Hosting == SagaHosting.InProcess)
        {
            var instance = await ServiceHost.StartAsync(app, new ServiceHostOptions
            {
                Configuration = Configuration(services: null),
                TimeProvider = Settings.Clock,
                ConfigureServices = services => services.AddSingleton<IMessageFaults>(Settings.Faults),
                MinimumLogLevel = Microsoft.Extensions.Logging.LogLevel.Warning,
            }, cancellationToken);
            _services.Add(new ManagedService("all", instance, new Dictionary<string, string?>(), []));
            InProcessSaga = new InProcessCrashes(instance.Services.GetRequiredService<SagaNodeService>().Running);
            Api = instance.CreateClient();
            return;
        }

        foreach (var name in ServicesOf(Settings.Style))
        {
            var configuration = Configuration(name);
            var kills = new Queue<string>(Settings.KillAt.TryGetValue(name, out var points)
                ? points.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                : []);
            configuration["Saga:KillAt"] = kills.Count > 0 ? kills.Peek() : null;
            var instance = await ServiceHost.StartAsync(app, new ServiceHostOptions
            {
                Mode = HostingMode.OutOfProcess,
                Configuration = configuration, // read again at every restart: the next kill point goes in here
                StartTimeout = TimeSpan.FromSeconds(60),
            }, cancellationToken);
            _services.Add(new ManagedService(name, instance, configuration, kills));
        }

        Api = _services[^1].Instance.CreateClient();
        _watchdog = WatchAsync(_watching.Token);
    }

    /// <summary>Out of process: a service that died (its crash plan, or <see cref="KillAsync"/>) is started again, as a supervisor would.</summary>
    private async Task WatchAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            foreach (var service in _services)
            {
                var killedByUs = service.Instance.State == ServiceInstanceState.Killed;
                if (killedByUs || !ProcessIsAlive(service.Instance.ProcessId))
                {
                    await service.RestartAsync(diedAtItsKillPoint: !killedByUs, cancellationToken);
                }
            }

            await Task.Delay(100, cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    private static bool ProcessIsAlive(int processId)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>One service's instance and its remaining kill points (the head is the one its process runs with).</summary>
    private sealed class ManagedService(string name, ServiceInstance instance, Dictionary<string, string?> configuration, Queue<string> kills)
    {
        public string Name { get; } = name;

        public ServiceInstance Instance { get; } = instance;

        public int Restarts { get; private set; }

        public async Task RestartAsync(bool diedAtItsKillPoint, CancellationToken cancellationToken)
        {
            await Instance.KillAsync(); // already dead or being killed: makes the state say so
            if (diedAtItsKillPoint && kills.Count > 0)
            {
                kills.Dequeue();
            }

            configuration["Saga:KillAt"] = kills.Count > 0 ? kills.Peek() : null;
            Restarts++;
            await Instance.RestartAsync(cancellationToken);
        }
    }

    /// <summary>The in-process node's crash switch and count.</summary>
    private sealed class InProcessCrashes(IRunningSaga running)
    {
        public int Crashes { get; private set; }

        public void Crash(string service)
        {
            Crashes++;
            running.Crash(service, "killed by the test");
        }
    }
}
