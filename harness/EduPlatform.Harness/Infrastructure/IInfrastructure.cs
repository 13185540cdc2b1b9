namespace EduPlatform.Harness.Infrastructure;

/// <summary>
/// PostgreSQL, Redis and RabbitMQ, however they were started. A chapter's system under test takes this, so the same
/// <c>XSystem.StartAsync(infrastructure, settings)</c> serves its tests (<see cref="InfrastructureFixture"/>, shared by
/// the test assembly) and its claims (<see cref="WorkbookInfrastructure"/>, created by the claim).
/// </summary>
public interface IInfrastructure
{
    PostgresResource Postgres { get; }

    RedisResource Redis { get; }

    RabbitMqResource RabbitMq { get; }
}
