using EduPlatform.Saga.Messaging;
using EduPlatform.Saga.Running;

namespace EduPlatform.Saga.Testing;

/// <summary>How to start the saga system for a test or a claim. Defaults in brackets.</summary>
public sealed record SagaSettings
{
    /// <summary>[Orchestration]</summary>
    public SagaStyle Style { get; init; } = SagaStyle.Orchestration;

    /// <summary>All services in the test process (fast; crashes simulated) or one real process per service (kills are SIGKILLs). [InProcess]</summary>
    public SagaHosting Hosting { get; init; } = SagaHosting.InProcess;

    /// <summary>[10 s]</summary>
    public TimeSpan StepTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>[3]</summary>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>[None]</summary>
    public DeliveryChaos Chaos { get; init; } = DeliveryChaos.None;

    /// <summary>In process only: the participants' fault injection. [a new, empty plan]</summary>
    public FaultPlan Faults { get; init; } = new();

    /// <summary>Out of process only: real SIGKILLs, as <c>service:before|after:MessageType:n</c> per service. [none]</summary>
    public IReadOnlyDictionary<string, string> KillAt { get; init; } = new Dictionary<string, string>();

    /// <summary>In process only: the saga's clock (a FakeTimeProvider moves timeouts). [system]</summary>
    public TimeProvider? Clock { get; init; }

    /// <summary>Courses and their seats. [course-1: 1,000,000]</summary>
    public IReadOnlyDictionary<string, int> Courses { get; init; } = new Dictionary<string, int> { ["course-1"] = 1_000_000 };

    /// <summary>[8]</summary>
    public ushort Concurrency { get; init; } = 8;
}

/// <summary>Where the saga's services run.</summary>
public enum SagaHosting
{
    InProcess,
    ProcessPerService,
}
