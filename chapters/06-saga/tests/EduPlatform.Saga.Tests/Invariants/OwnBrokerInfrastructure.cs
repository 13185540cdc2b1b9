using EduPlatform.Harness.Infrastructure;

namespace EduPlatform.Saga.Tests.Invariants;

/// <summary>
/// The assembly's PostgreSQL with a RabbitMQ of this test's own: a broker restart must not disturb the other tests,
/// which share the assembly's broker. Only RabbitMQ is started in <see cref="Own"/> (resources start on first use).
/// </summary>
public sealed class OwnBrokerInfrastructure(IInfrastructure shared, WorkbookInfrastructure own) : IInfrastructure
{
    public PostgresResource Postgres => shared.Postgres;

    public RedisResource Redis => shared.Redis;

    public RabbitMqResource RabbitMq => own.RabbitMq;
}
