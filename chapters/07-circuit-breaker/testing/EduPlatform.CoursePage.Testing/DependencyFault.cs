using EduPlatform.Harness.Faults;

namespace EduPlatform.CoursePage.Testing;

/// <summary>
/// One change of a dependency's behaviour at a moment a run chooses ("the video service fails every call"), usable as
/// a fault plan's action. It remembers when it happened on the stub's clock, the clock its journal is stamped with, so
/// a claim can line up what reached the dependency and when the breaker moved with the fault itself.
/// </summary>
public sealed class DependencyFault(DownstreamStub stub, string path, StubTimeline behavior)
{
    /// <summary>When the new behaviour was mapped; null until then.</summary>
    public DateTimeOffset? HappenedAt { get; private set; }

    /// <summary>Maps the new behaviour: every request from now on gets it.</summary>
    public Task ApplyAsync(CancellationToken cancellationToken)
    {
        HappenedAt = stub.Clock.GetUtcNow();
        stub.Map(path, behavior);
        return Task.CompletedTask;
    }

    /// <summary>When it happened; throws if it never did (a run that missed its fault is no run to judge).</summary>
    public DateTimeOffset At => HappenedAt ?? throw new InvalidOperationException($"the fault on {path} never happened");
}
