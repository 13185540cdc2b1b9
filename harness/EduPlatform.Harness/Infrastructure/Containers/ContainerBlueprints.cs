using Testcontainers.PostgreSql;
using Testcontainers.RabbitMq;
using Testcontainers.Redis;

namespace EduPlatform.Harness.Infrastructure.Containers;

/// <summary>
/// The Testcontainers configuration of each resource: pinned images and the same settings the
/// native backend uses, so a test sees the same server whichever backend runs it. Nothing here
/// talks to Docker; <c>StartAsync</c> on the built container does.
/// </summary>
public static class ContainerBlueprints
{
    public const string PostgresImage = "postgres:15";
    public const string RedisImage = "redis:7.0";
    public const string RabbitMqImage = "rabbitmq:3.10";

    public const string PostgresUser = "postgres";
    public const string PostgresPassword = "postgres";

    // The image's default "guest" user may only connect from loopback inside the container.
    public const string RabbitMqUser = "rabbitmq";
    public const string RabbitMqPassword = "rabbitmq";

    public static PostgreSqlBuilder Postgres(string dockerEndpoint) =>
        new PostgreSqlBuilder(PostgresImage)
            .WithDockerEndpoint(dockerEndpoint)
            .WithUsername(PostgresUser)
            .WithPassword(PostgresPassword)
            .WithDatabase("postgres")
            // The module turns fsync, full_page_writes and synchronous_commit off. fsync off is what
            // the native backend does too; synchronous_commit must stay on, or a killed server could
            // lose commits it acknowledged and durability tests would lie. Later -c flags win.
            .WithCommand("-c", "synchronous_commit=on", "-c", "max_connections=500");

    public static RedisBuilder Redis(string dockerEndpoint) =>
        new RedisBuilder(RedisImage)
            .WithDockerEndpoint(dockerEndpoint)
            .WithCommand("--databases", RedisDatabasePool.ContainerAndNativeDatabases.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public static RabbitMqBuilder RabbitMq(string dockerEndpoint) =>
        new RabbitMqBuilder(RabbitMqImage)
            .WithDockerEndpoint(dockerEndpoint)
            .WithUsername(RabbitMqUser)
            .WithPassword(RabbitMqPassword);
}
