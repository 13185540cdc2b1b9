namespace EduPlatform.Harness.Infrastructure;

/// <summary>
/// The workbook's infrastructure: PostgreSQL, Redis and RabbitMQ, each started lazily on first use
/// by the backend <c>WORKBOOK_INFRA</c> selects, and stopped (processes killed, folders removed) on
/// dispose. Tests get it through <see cref="InfrastructureFixture"/>; load scenarios and the
/// harness CLI create one directly.
/// </summary>
public sealed class WorkbookInfrastructure : IInfrastructure, IAsyncDisposable
{
    public WorkbookInfrastructure(Action<string>? log = null, InfrastructureSettings? settings = null, IBackendProbe? probe = null)
    {
        var context = new InfrastructureContext(
            settings ?? InfrastructureSettings.FromEnvironment(),
            probe ?? new MachineBackendProbe(),
            BackendSelector.CurrentPlatform(),
            log ?? (_ => { }));
        Postgres = new PostgresResource(context);
        Redis = new RedisResource(context);
        RabbitMq = new RabbitMqResource(context);
    }

    public PostgresResource Postgres { get; }

    public RedisResource Redis { get; }

    public RabbitMqResource RabbitMq { get; }

    public async ValueTask DisposeAsync()
    {
        // Stop all three even if one fails to stop, then report the first failure.
        var failures = new List<Exception>();
        foreach (var resource in new IAsyncDisposable[] { RabbitMq, Redis, Postgres })
        {
            try
            {
                await resource.DisposeAsync();
            }
#pragma warning disable CA1031 // collected and rethrown below
            catch (Exception exception)
#pragma warning restore CA1031
            {
                failures.Add(exception);
            }
        }

        if (failures.Count > 0)
        {
            throw new AggregateException("Stopping the workbook infrastructure failed.", failures);
        }
    }
}
