namespace EduPlatform.Harness.Infrastructure;

/// <summary>What the selector needs to know about this machine; faked in tests.</summary>
public interface IBackendProbe
{
    /// <summary>The Docker endpoint that answered a ping, or null.</summary>
    string? AnsweringDockerEndpoint();

    bool NativeBinariesFound(ResourceKind kind);
}

/// <summary>The real probe: pings Docker (once, cached) and looks for the native binaries.</summary>
public sealed class MachineBackendProbe : IBackendProbe
{
    private readonly Lazy<string?> _dockerEndpoint = new(DockerEndpointProbe.FindAnsweringEndpoint);

    public string? AnsweringDockerEndpoint() => _dockerEndpoint.Value;

    public bool NativeBinariesFound(ResourceKind kind) => kind switch
    {
        ResourceKind.PostgreSql => NativeBinaries.FindPostgres() is not null,
        ResourceKind.Redis => NativeBinaries.FindRedis() is not null,
        ResourceKind.RabbitMq => NativeBinaries.FindRabbitMq() is not null,
        _ => false,
    };
}
