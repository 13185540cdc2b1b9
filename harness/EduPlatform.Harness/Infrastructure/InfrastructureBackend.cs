namespace EduPlatform.Harness.Infrastructure;

/// <summary>Where a resource's server comes from.</summary>
public enum InfrastructureBackend
{
    /// <summary>A server someone else runs; connection strings from environment variables.</summary>
    External,

    /// <summary>A Testcontainers container with a pinned image (needs a Docker engine that answers).</summary>
    Containers,

    /// <summary>The operating system's own server binaries, started as child processes on loopback.</summary>
    Native,
}

/// <summary>The value of <c>WORKBOOK_INFRA</c>: a backend, or <see cref="Auto"/> to pick one per resource.</summary>
public enum InfrastructureMode
{
    Auto,
    External,
    Containers,
    Native,
}

/// <summary>The three kinds of infrastructure the workbook's chapters use.</summary>
public enum ResourceKind
{
    PostgreSql,
    Redis,
    RabbitMq,
}
