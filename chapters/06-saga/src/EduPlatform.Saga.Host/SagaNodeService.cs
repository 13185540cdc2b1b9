using EduPlatform.Saga.Messaging;
using EduPlatform.Saga.Running;
using Npgsql;

namespace EduPlatform.Saga.Host;

/// <summary>
/// Starts this process's saga services with the host and stops them with it. Which style and which services come
/// from configuration (Saga:Style, Saga:Services); connections from ConnectionStrings:Saga and RabbitMq:Uri.
/// </summary>
public sealed class SagaNodeService(IConfiguration configuration, IServiceProvider services, ILoggerFactory loggers) : IHostedService
{
    private IRunningSaga? _running;

    public SagaStyle Style => Options.Style;

    public IEnrollmentSaga? Front => _running?.Front;

    public IReadOnlyList<string> ServiceNames => _running?.ServiceNames ?? [];

    public IRunningSaga Running => _running ?? throw new InvalidOperationException("The saga services have not started.");

    private SagaNodeOptions Options => field ??= ReadOptions();

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (configuration.GetValue("Saga:CreateSchema", false))
        {
            await CreateSchemaIfMissingAsync(Options.ConnectionString, cancellationToken);
        }

        _running = await StartStyleAsync(Options, loggers, cancellationToken);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_running is not null)
        {
            await _running.DisposeAsync();
            _running = null;
        }
    }

    private static async Task<IRunningSaga> StartStyleAsync(SagaNodeOptions options, ILoggerFactory loggers, CancellationToken cancellationToken) =>
        options.Style switch
        {
            SagaStyle.MassTransit => await EduPlatform.Saga.MassTransit.MassTransitSagaNode.StartAsync(options, loggers, cancellationToken),
            _ => await SagaNode.StartAsync(options, loggers, cancellationToken),
        };

    private SagaNodeOptions ReadOptions()
    {
        var connectionString = configuration.GetConnectionString("Saga");
        var rabbitMq = configuration["RabbitMq:Uri"];
        if (string.IsNullOrWhiteSpace(connectionString) || !Uri.TryCreate(rabbitMq, UriKind.Absolute, out var rabbitMqUri))
        {
            throw new InvalidOperationException(
                "Set ConnectionStrings:Saga (a PostgreSQL database) and RabbitMq:Uri (amqp://user:pass@host:port/vhost), e.g. as the environment "
                + "variables ConnectionStrings__Saga and RabbitMq__Uri. `dotnet run --project harness/EduPlatform.Harness.Cli -- up postgres rabbitmq` starts both and prints them.");
        }

        var serviceNames = configuration["Saga:Services"];
        return new SagaNodeOptions
        {
            ConnectionString = connectionString,
            RabbitMq = rabbitMqUri,
            Style = configuration.GetValue("Saga:Style", SagaStyle.Orchestration),
            Services = string.IsNullOrWhiteSpace(serviceNames) ? null : serviceNames.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries),
            StepTimeout = configuration.GetValue("Saga:StepTimeout", TimeSpan.FromSeconds(10)),
            MaxAttempts = configuration.GetValue("Saga:MaxAttempts", 3),
            Concurrency = configuration.GetValue("Saga:Concurrency", (ushort)8),
            Chaos = configuration.GetValue("Saga:DuplicateAndShuffle", false) ? DeliveryChaos.DuplicateAndShuffle : DeliveryChaos.None,
            Faults = services.GetService<IMessageFaults>() ?? (IMessageFaults?)CrashPlan.FromConfiguration(configuration) ?? NoFaults.Instance,
            Clock = services.GetService<TimeProvider>() ?? TimeProvider.System,
        };
    }

    private static async Task CreateSchemaIfMissingAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var exists = new NpgsqlCommand("SELECT to_regclass('orchestrator.sagas') IS NOT NULL", connection);
        if (!(bool)(await exists.ExecuteScalarAsync(cancellationToken))!)
        {
            await SagaSchema.CreateAsync(connection, cancellationToken);
        }
    }
}
