namespace EduPlatform.Harness.Infrastructure;

/// <summary>
/// The environment variables that steer the harness. All are optional:
/// <list type="table">
/// <item><term><c>WORKBOOK_INFRA</c></term><description><c>auto</c> (default), <c>external</c>, <c>containers</c> or <c>native</c>.</description></item>
/// <item><term><c>WORKBOOK_POSTGRES</c></term><description>Npgsql connection string of a server where the user may CREATE DATABASE.</description></item>
/// <item><term><c>WORKBOOK_REDIS</c></term><description>StackExchange.Redis configuration, e.g. <c>redis.local:6379,password=x</c>.</description></item>
/// <item><term><c>WORKBOOK_RABBITMQ</c></term><description>AMQP URI, e.g. <c>amqp://user:pass@mq.local:5672/</c>.</description></item>
/// <item><term><c>WORKBOOK_RABBITMQ_MANAGEMENT</c></term><description>Management API base URL, e.g. <c>http://mq.local:15672</c> (same credentials as the AMQP URI); needed to create a virtual host per test.</description></item>
/// </list>
/// </summary>
public sealed record InfrastructureSettings
{
    public const string ModeVariable = "WORKBOOK_INFRA";
    public const string PostgresVariable = "WORKBOOK_POSTGRES";
    public const string RedisVariable = "WORKBOOK_REDIS";
    public const string RabbitMqVariable = "WORKBOOK_RABBITMQ";
    public const string RabbitMqManagementVariable = "WORKBOOK_RABBITMQ_MANAGEMENT";

    public InfrastructureMode Mode { get; init; } = InfrastructureMode.Auto;

    public string? ExternalPostgres { get; init; }

    public string? ExternalRedis { get; init; }

    public string? ExternalRabbitMq { get; init; }

    public string? ExternalRabbitMqManagement { get; init; }

    public static InfrastructureSettings FromEnvironment() => From(Environment.GetEnvironmentVariable);

    /// <summary>Reads the settings through <paramref name="variable"/> (tests pass a dictionary lookup).</summary>
    public static InfrastructureSettings From(Func<string, string?> variable)
    {
        var modeText = variable(ModeVariable);
        var mode = InfrastructureMode.Auto;
        if (!string.IsNullOrWhiteSpace(modeText) && !Enum.TryParse(modeText.Trim(), ignoreCase: true, out mode))
        {
            throw new InfrastructureUnavailableException(
                $"{ModeVariable}='{modeText}' is not a backend. Use one of: auto, external, containers, native.");
        }

        return new InfrastructureSettings
        {
            Mode = mode,
            ExternalPostgres = NullIfBlank(variable(PostgresVariable)),
            ExternalRedis = NullIfBlank(variable(RedisVariable)),
            ExternalRabbitMq = NullIfBlank(variable(RabbitMqVariable)),
            ExternalRabbitMqManagement = NullIfBlank(variable(RabbitMqManagementVariable)),
        };
    }

    /// <summary>The external connection string given for <paramref name="kind"/>, if any.</summary>
    public string? ExternalConnectionString(ResourceKind kind) => kind switch
    {
        ResourceKind.PostgreSql => ExternalPostgres,
        ResourceKind.Redis => ExternalRedis,
        ResourceKind.RabbitMq => ExternalRabbitMq,
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static string VariableFor(ResourceKind kind) => kind switch
    {
        ResourceKind.PostgreSql => PostgresVariable,
        ResourceKind.Redis => RedisVariable,
        ResourceKind.RabbitMq => RabbitMqVariable,
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
