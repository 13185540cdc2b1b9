namespace EduPlatform.Harness.Infrastructure;

/// <summary>The operating systems the installation advice is written for.</summary>
public enum HostPlatform
{
    Linux,
    MacOS,
    Windows,
}

/// <summary>
/// Picks the backend for one resource. With <c>WORKBOOK_INFRA=auto</c>: external if that resource's
/// variable is set, else containers if a Docker engine answers, else native if the binaries are
/// found, else one error that says what to install or set on this operating system. A forced mode is
/// honoured as asked, and fails with the same kind of message when it cannot work.
/// </summary>
public static class BackendSelector
{
    public static InfrastructureBackend Select(
        ResourceKind kind, InfrastructureSettings settings, IBackendProbe probe, HostPlatform platform)
    {
        var external = settings.ExternalConnectionString(kind) is not null;
        switch (settings.Mode)
        {
            case InfrastructureMode.External:
                return external ? InfrastructureBackend.External
                    : throw new InfrastructureUnavailableException(
                        $"WORKBOOK_INFRA=external, but {InfrastructureSettings.VariableFor(kind)} is not set. " +
                        $"Set it to {ExampleConnectionString(kind)}, or use WORKBOOK_INFRA=auto.");
            case InfrastructureMode.Containers:
                return probe.AnsweringDockerEndpoint() is not null ? InfrastructureBackend.Containers
                    : throw new InfrastructureUnavailableException(
                        $"WORKBOOK_INFRA=containers, but no Docker engine answered (tried {string.Join(", ", DockerEndpointProbe.CandidateEndpoints())}). " +
                        "Start Docker (or set DOCKER_HOST), or use WORKBOOK_INFRA=auto.");
            case InfrastructureMode.Native:
                return probe.NativeBinariesFound(kind) ? InfrastructureBackend.Native
                    : throw new InfrastructureUnavailableException(
                        $"WORKBOOK_INFRA=native, but {NativeBinaries.Describe(kind)} were not found. {InstallAdvice(kind, platform)}");
            case InfrastructureMode.Auto:
            default:
                if (external)
                {
                    return InfrastructureBackend.External;
                }

                if (probe.AnsweringDockerEndpoint() is not null)
                {
                    return InfrastructureBackend.Containers;
                }

                if (probe.NativeBinariesFound(kind))
                {
                    return InfrastructureBackend.Native;
                }

                throw new InfrastructureUnavailableException(NoBackendMessage(kind, platform));
        }
    }

    /// <summary>The single error raised when auto finds nothing for <paramref name="kind"/>.</summary>
    public static string NoBackendMessage(ResourceKind kind, HostPlatform platform) =>
        $"""
        No infrastructure backend can provide {Display(kind)} (WORKBOOK_INFRA=auto tried, in order):
          - external:   {InfrastructureSettings.VariableFor(kind)} is not set;
          - containers: no Docker engine answered ({string.Join(", ", DockerEndpointProbe.CandidateEndpoints())});
          - native:     {NativeBinaries.Describe(kind)} not found.
        {InstallAdvice(kind, platform)}
        Or point the harness at a running server: {InfrastructureSettings.VariableFor(kind)}={ExampleConnectionString(kind)}
        """;

    public static HostPlatform CurrentPlatform() =>
        OperatingSystem.IsWindows() ? HostPlatform.Windows
        : OperatingSystem.IsMacOS() ? HostPlatform.MacOS
        : HostPlatform.Linux;

    private static string InstallAdvice(ResourceKind kind, HostPlatform platform) => platform switch
    {
        HostPlatform.Linux =>
            "To install the native servers on Debian/Ubuntu run: sudo eng/install-prerequisites.sh " +
            $"(installs {DebianPackage(kind)} without starting system services); or start a Docker engine.",
        HostPlatform.MacOS =>
            $"To install the native servers on macOS run: brew install {HomebrewFormula(kind)} " +
            "(the harness starts them itself; do not `brew services start`); or start Docker Desktop.",
        _ =>
            "On Windows the native backend is not supported: start Docker Desktop (Linux containers) " +
            "so the containers backend can run, or use the external backend.",
    };

    private static string Display(ResourceKind kind) => kind switch
    {
        ResourceKind.PostgreSql => "PostgreSQL",
        ResourceKind.Redis => "Redis",
        _ => "RabbitMQ",
    };

    private static string DebianPackage(ResourceKind kind) => kind switch
    {
        ResourceKind.PostgreSql => "postgresql",
        ResourceKind.Redis => "redis-server",
        _ => "rabbitmq-server",
    };

    private static string HomebrewFormula(ResourceKind kind) => kind switch
    {
        ResourceKind.PostgreSql => "postgresql@15",
        ResourceKind.Redis => "redis",
        _ => "rabbitmq",
    };

    private static string ExampleConnectionString(ResourceKind kind) => kind switch
    {
        ResourceKind.PostgreSql => "\"Host=db.local;Port=5432;Username=postgres;Password=...\"",
        ResourceKind.Redis => "\"redis.local:6379\"",
        _ => "\"amqp://user:pass@mq.local:5672/\" (and WORKBOOK_RABBITMQ_MANAGEMENT=\"http://mq.local:15672\")",
    };
}
