namespace EduPlatform.Saga.Running;

/// <summary>The three ways this chapter runs the same enrollment.</summary>
public enum SagaStyle
{
    /// <summary>The hand-written orchestrator (Orchestration/EnrollmentOrchestrator.cs).</summary>
    Orchestration,

    /// <summary>No orchestrator: participants react to each other's events (Choreography/).</summary>
    Choreography,

    /// <summary>A MassTransit 8 state machine (the EduPlatform.Saga.MassTransit project).</summary>
    MassTransit,
}
