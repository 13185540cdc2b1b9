using EduPlatform.Saga.Messaging;
using EduPlatform.Saga.Participants;
using EduPlatform.Saga.Running;
using MassTransit;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace EduPlatform.Saga.MassTransit;

/// <summary>
/// The MassTransit style's services in this process: one bus on the same RabbitMQ virtual host, a receive endpoint per
/// participant (the same operations as the other styles) and one for the state machine saga with its PostgreSQL
/// repository, plus the timeout poller. Retries: a failing message is tried <see cref="SagaNodeOptions.MaxAttempts"/>
/// times, then MassTransit moves it to the endpoint's _error queue and publishes Fault&lt;T&gt;, which the saga turns
/// into NeedsAttention. A version conflict, or a simulated crash, is retried without counting.
/// </summary>
public sealed class MassTransitSagaNode : IRunningSaga
{
    private readonly IBusControl _bus;
    private readonly NpgsqlDataSource _database;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _poller;
    private readonly SemaphoreSlim _lifecycle = new(1, 1);

    private MassTransitSagaNode(IBusControl bus, NpgsqlDataSource database, IReadOnlyList<string> services, Func<CancellationToken, Task>? poller, IEnrollmentSaga? front)
    {
        _bus = bus;
        _database = database;
        ServiceNames = services;
        Front = front;
        _poller = poller?.Invoke(_stopping.Token) ?? Task.CompletedTask;
    }

    public IEnrollmentSaga? Front { get; }

    public IReadOnlyList<string> ServiceNames { get; }

    public static async Task<MassTransitSagaNode> StartAsync(SagaNodeOptions options, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggers);
        var database = NpgsqlDataSource.Create(options.ConnectionString);
        var (faults, clock) = (options.Faults, options.Clock);
        var services = new List<string>();
        var bus = Bus.Factory.CreateUsingRabbitMq(bus =>
        {
            var uri = options.RabbitMq;
            var credentials = Uri.UnescapeDataString(uri.UserInfo).Split(':', 2);
            var virtualHost = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
            bus.Host(uri.Host, (ushort)uri.Port, virtualHost.Length == 0 ? "/" : virtualHost, host =>
            {
                host.Username(credentials[0]);
                host.Password(credentials.Length > 1 ? credentials[1] : "");
            });

            void Participant(string name, Action<IReceiveEndpointConfigurator> consumers)
            {
                if (!options.Runs(name))
                {
                    return;
                }

                services.Add(name);
                bus.ReceiveEndpoint($"mt-{name}", endpoint =>
                {
                    Configure(endpoint, options);
                    consumers(endpoint);
                });
            }

            Participant(SeatsService.Name, endpoint =>
            {
                endpoint.Consumer(() => new ParticipantConsumer<ReserveSeat>(SeatsService.Name, SeatsService.ReserveAsync, database, faults, clock));
                endpoint.Consumer(() => new ParticipantConsumer<ReleaseSeat>(SeatsService.Name, SeatsService.ReleaseAsync, database, faults, clock));
            });
            Participant(PaymentsService.Name, endpoint =>
            {
                endpoint.Consumer(() => new ParticipantConsumer<ChargePayment>(PaymentsService.Name, PaymentsService.ChargeAsync, database, faults, clock));
                endpoint.Consumer(() => new ParticipantConsumer<RefundPayment>(PaymentsService.Name, PaymentsService.RefundAsync, database, faults, clock));
            });
            Participant(VideoAccessService.Name, endpoint =>
                endpoint.Consumer(() => new ParticipantConsumer<GrantVideoAccess>(VideoAccessService.Name, VideoAccessService.GrantAsync, database, faults, clock)));
            Participant(NotificationService.Name, endpoint =>
                endpoint.Consumer(() => new ParticipantConsumer<SendConfirmation>(NotificationService.Name, NotificationService.SendConfirmationAsync, database, faults, clock)));

            if (options.Runs(Orchestration.SagaStore.Schema))
            {
                services.Add(Orchestration.SagaStore.Schema);
                var machine = new EnrollmentStateMachine(options.StepTimeout, options.MaxAttempts, clock);
                var factory = new MassTransitSagaRepository(database, clock);
                var repository = new global::MassTransit.Saga.SagaRepository<EnrollmentSagaState>(factory, factory, factory);
                bus.ReceiveEndpoint("mt-orchestrator", endpoint =>
                {
                    Configure(endpoint, options);
                    // Messages the saga publishes leave after its transaction committed, not before. The overload
                    // MassTransit prefers needs its DI container; this bus is built without one, on purpose (one file
                    // shows the whole wiring), so the container-free overload it marks obsolete is the one there is.
#pragma warning disable CS0618
                    endpoint.UseInMemoryOutbox();
#pragma warning restore CS0618
                    endpoint.StateMachineSaga(machine, repository);
                });
            }
        });

        IEnrollmentSaga? front = null;
        Func<CancellationToken, Task>? poller = null;
        if (services.Contains(Orchestration.SagaStore.Schema))
        {
            front = new MassTransitEnrollment(database, bus, clock);
            var timeouts = new TimeoutPoller(database, bus, clock, loggers.CreateLogger<TimeoutPoller>());
            poller = timeouts.RunAsync;
        }

        await bus.StartAsync(cancellationToken);
        return new MassTransitSagaNode(bus, database, services, poller, front);
    }

    /// <summary>
    /// MassTransit has no switch to drop a bus's connection as a killed process would; in process, a crash here is a
    /// stop and a start of the bus (unacknowledged messages go back to their queues). The claims kill real processes.
    /// </summary>
    public void Crash(string service, string why) => _ = Task.Run(async () =>
    {
        await _lifecycle.WaitAsync();
        try
        {
            await _bus.StopAsync(TimeSpan.FromSeconds(5));
            await _bus.StartAsync();
        }
        finally
        {
            _lifecycle.Release();
        }
    });

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _poller.ContinueWith(_ => { }, TaskScheduler.Default);
        await _lifecycle.WaitAsync();
        await _bus.StopAsync(TimeSpan.FromSeconds(10));
        await _database.DisposeAsync();
        _stopping.Dispose();
        _lifecycle.Dispose();
    }

    private static void Configure(IReceiveEndpointConfigurator endpoint, SagaNodeOptions options)
    {
        if (endpoint is IRabbitMqReceiveEndpointConfigurator rabbit)
        {
            rabbit.PrefetchCount = options.Prefetch;
        }

        endpoint.ConcurrentMessageLimit = options.Concurrency;
        // Outer: a crash or a version conflict is not the message's fault; try again, without counting.
        endpoint.UseMessageRetry(retry =>
        {
            retry.Handle<Exception>(IsTransient);
            retry.Immediate(50);
        });
        // Inner: a real failure is tried MaxAttempts times in all, then faulted (the _error queue, Fault<T>).
        endpoint.UseMessageRetry(retry =>
        {
            retry.Ignore<Exception>(IsTransient);
            retry.Immediate(options.MaxAttempts - 1);
        });
    }

    private static bool IsTransient(Exception exception) =>
        exception is SimulatedCrashException or ConcurrencyConflictException
        || exception.InnerException is SimulatedCrashException or ConcurrencyConflictException;
}
