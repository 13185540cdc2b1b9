using EduPlatform.Saga.Choreography;
using EduPlatform.Saga.Orchestration;
using EduPlatform.Saga.Participants;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace EduPlatform.Saga.Running;

/// <summary>
/// Runs the services of one style (all of them, or those named in <see cref="SagaNodeOptions.Services"/>): the four
/// participants and the front service, the orchestrator (orchestration) or the enrollments tracker (choreography).
/// The MassTransit style has its own node (EduPlatform.Saga.MassTransit).
/// </summary>
public sealed class SagaNode : IRunningSaga
{
    private readonly List<ServiceRuntime> _services;
    private readonly NpgsqlDataSource _database;

    private SagaNode(NpgsqlDataSource database, List<ServiceRuntime> services, IEnrollmentSaga? front)
    {
        _database = database;
        _services = services;
        Front = front;
    }

    /// <summary>The style's front door (start, find, history, dead letters), when this node runs the front service.</summary>
    public IEnrollmentSaga? Front { get; }

    public IReadOnlyList<ServiceRuntime> Services => _services;

    public static async Task<SagaNode> StartAsync(SagaNodeOptions options, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Style == SagaStyle.MassTransit)
        {
            throw new ArgumentException("The MassTransit style runs in MassTransitSagaNode (EduPlatform.Saga.MassTransit).", nameof(options));
        }

        var database = NpgsqlDataSource.Create(options.ConnectionString);
        var services = new List<ServiceRuntime>();
        IEnrollmentSaga? front = null;
        var participants = options.Style == SagaStyle.Orchestration ? ParticipantHandler.ForOrchestration() : ChoreographyParticipants.Create();
        foreach (var (name, handler) in participants)
        {
            if (options.Runs(name))
            {
                services.Add(new ServiceRuntime(name, name, options, database, handler, null, null, loggers));
            }
        }

        if (options.Style == SagaStyle.Orchestration && options.Runs(SagaStore.Schema))
        {
            var orchestrator = new EnrollmentOrchestrator(options.StepTimeout);
            TimeoutScheduler? scheduler = null;
            var runtime = new ServiceRuntime(SagaStore.Schema, SagaStore.Schema, options, database, orchestrator, orchestrator,
                token => scheduler!.RunAsync(token), loggers);
            scheduler = new TimeoutScheduler(database, runtime.Relay, options.Clock, loggers.CreateLogger<TimeoutScheduler>());
            services.Add(runtime);
            front = new OrchestratedEnrollment(database, orchestrator, runtime.Relay, runtime.DeadLetters!, options.Clock);
        }
        else if (options.Style == SagaStyle.Choreography && options.Runs(EnrollmentTracker.Schema))
        {
            var tracker = new EnrollmentTracker();
            var runtime = new ServiceRuntime(EnrollmentTracker.Schema, EnrollmentTracker.Schema, options, database, tracker, tracker, null, loggers);
            services.Add(runtime);
            front = new ChoreographedEnrollment(database, runtime.Relay, runtime.DeadLetters!, options.Clock);
        }

        var node = new SagaNode(database, services, front);
        try
        {
            // Participants first: their queues exist before the front service publishes anything for them.
            foreach (var service in services)
            {
                await service.StartAsync(cancellationToken);
            }
        }
        catch
        {
            await node.DisposeAsync();
            throw;
        }

        return node;
    }

    public IReadOnlyList<string> ServiceNames => _services.Select(service => service.Name).ToArray();

    public ServiceRuntime Service(string name) => _services.Single(service => service.Name == name);

    public void Crash(string service, string why) => Service(service).Crash(why);

    public async ValueTask DisposeAsync()
    {
        foreach (var service in _services)
        {
            await service.DisposeAsync();
        }

        await _database.DisposeAsync();
    }
}
