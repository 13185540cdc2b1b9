using EduPlatform.Harness.Hosting;

namespace EduPlatform.Cqrs.Testing;

/// <summary>How to start the chapter's system. Every option has a default.</summary>
public sealed record CqrsSettings
{
    /// <summary>Where the projector runs. Default: in the API's process (the app's default roles).</summary>
    public ProjectorPlacement Projector { get; init; } = ProjectorPlacement.WithApi;

    /// <summary>Where the API runs. Default in process (the test can reach its services and its meter).</summary>
    public HostingMode ApiMode { get; init; } = HostingMode.InProcess;

    /// <summary>Cqrs:BatchSize. Default 500.</summary>
    public int BatchSize { get; init; } = 500;

    /// <summary>Cqrs:RebuildBatchSize. Default 2,000.</summary>
    public int RebuildBatchSize { get; init; } = 2_000;

    /// <summary>Cqrs:RetryDelayMs: tries of a failing event and restarts. Default 20 ms (the app's is 100 ms): tests wait less.</summary>
    public int RetryDelayMs { get; init; } = 20;

    /// <summary>Cqrs:GenerationPollMs. Default 100 ms.</summary>
    public int GenerationPollMs { get; init; } = 100;

    /// <summary>Cqrs:LagRefreshMs. Default 200 ms.</summary>
    public int LagRefreshMs { get; init; } = 200;

    /// <summary>Receives every log line of the hosted instances. Default: none (they still go to the running test's output).</summary>
    public Action<string>? Log { get; init; }
}

public enum ProjectorPlacement
{
    /// <summary>One instance with both roles (api, projector).</summary>
    WithApi,

    /// <summary>The API alone, and a second in-process instance with the projector role: stop and start it apart.</summary>
    SeparateInProcess,

    /// <summary>The API, and the projector as its own <c>dotnet</c> process: killed for real (SIGKILL).</summary>
    SeparateProcess,

    /// <summary>The API alone; <see cref="CqrsSystem.StartProjectorAsync"/> starts a projector (in process) later.</summary>
    NotStarted,
}
