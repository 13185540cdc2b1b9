using EduPlatform.Saga.Running;
using EduPlatform.Saga.Testing;

namespace EduPlatform.Saga.Tests.Acceptance;

/// <summary>
/// One row of the acceptance suite: how to set the system up, what to do to it and what must hold, whichever style
/// runs the saga. <see cref="Styles"/> narrows a row to the styles that have the feature it checks (only the
/// orchestrated styles have timeouts: choreography has no one who could own them).
/// </summary>
public sealed record SagaScenario(string Name, Func<SagaSettings, SagaSettings> Configure, Func<SagaRun, Task> Run)
{
    public IReadOnlySet<SagaStyle> Styles { get; init; } = new HashSet<SagaStyle> { SagaStyle.Orchestration, SagaStyle.Choreography, SagaStyle.MassTransit };

    public override string ToString() => Name;
}

/// <summary>What a scenario gets: the running system and the style it runs.</summary>
public sealed record SagaRun(SagaSystem System, SagaStyle Style, Microsoft.Extensions.Time.Testing.FakeTimeProvider Clock);
