using EduPlatform.Saga.Messaging;

namespace EduPlatform.Saga.Running;

/// <summary>What one node (a process running some or all of the saga's services) needs. Defaults in brackets.</summary>
public sealed record SagaNodeOptions
{
    public required string ConnectionString { get; init; }

    public required Uri RabbitMq { get; init; }

    /// <summary>[Orchestration]</summary>
    public SagaStyle Style { get; init; } = SagaStyle.Orchestration;

    /// <summary>Which services this node runs, by name (seats, payments, video, notifications, orchestrator, enrollments). [all of the style's]</summary>
    public IReadOnlyCollection<string>? Services { get; init; }

    /// <summary>How long the orchestrator waits for one step before its timeout fires. [10 s]</summary>
    public TimeSpan StepTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How often a failing message is tried before it goes to the dead-letter queue. [3]</summary>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>Unacknowledged deliveries a consumer holds at once. [64]</summary>
    public ushort Prefetch { get; init; } = 64;

    /// <summary>Deliveries a consumer handles at once (each in its own transaction). [8]</summary>
    public ushort Concurrency { get; init; } = 8;

    /// <summary>[None]</summary>
    public DeliveryChaos Chaos { get; init; } = DeliveryChaos.None;

    /// <summary>[none]</summary>
    public IMessageFaults Faults { get; init; } = NoFaults.Instance;

    /// <summary>The saga's clock: when timeouts are due. [system]</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    public bool Runs(string service) => Services is null || Services.Contains(service, StringComparer.OrdinalIgnoreCase);
}
