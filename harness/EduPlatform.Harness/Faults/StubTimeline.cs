namespace EduPlatform.Harness.Faults;

/// <summary>
/// Behaviours that follow each other in time: "healthy for 5 s, then 500s for 10 s, then healthy".
/// Time counts from when the timeline is mapped on a <see cref="DownstreamStub"/>, on the stub's
/// clock (a <c>FakeTimeProvider</c> makes it deterministic). A phase covers [start, start + duration);
/// after the last phase with a duration, the last behaviour goes on.
/// </summary>
/// <example>
/// <code>
/// StubTimeline.Start(StubBehavior.Ok("up"), TimeSpan.FromSeconds(5))
///     .Then(StubBehavior.Status(500), TimeSpan.FromSeconds(10))
///     .ThenForever(StubBehavior.Ok("up"));
/// </code>
/// </example>
public sealed class StubTimeline
{
    private readonly IReadOnlyList<(StubBehavior Behavior, TimeSpan? Duration)> _phases;

    private StubTimeline(IReadOnlyList<(StubBehavior, TimeSpan?)> phases) => _phases = phases;

    /// <summary>One behaviour, forever.</summary>
    public static StubTimeline Always(StubBehavior behavior) => new([(Checked(behavior), null)]);

    /// <summary>The first phase: <paramref name="behavior"/> for <paramref name="duration"/>.</summary>
    public static StubTimeline Start(StubBehavior behavior, TimeSpan duration) => new([(Checked(behavior), Checked(duration))]);

    /// <summary>Then <paramref name="behavior"/> for <paramref name="duration"/>.</summary>
    public StubTimeline Then(StubBehavior behavior, TimeSpan duration) => Append(behavior, Checked(duration));

    /// <summary>Then <paramref name="behavior"/> for good; nothing can follow.</summary>
    public StubTimeline ThenForever(StubBehavior behavior) => Append(behavior, duration: null);

    /// <summary>The behaviour in force <paramref name="elapsed"/> after the timeline started.</summary>
    public StubBehavior BehaviorAt(TimeSpan elapsed)
    {
        var phaseStart = TimeSpan.Zero;
        foreach (var (behavior, duration) in _phases)
        {
            if (duration is null || elapsed < phaseStart + duration.Value)
            {
                return behavior;
            }

            phaseStart += duration.Value;
        }

        return _phases[^1].Behavior;
    }

    public static implicit operator StubTimeline(StubBehavior behavior) => Always(behavior);

    private StubTimeline Append(StubBehavior behavior, TimeSpan? duration)
    {
        if (_phases[^1].Duration is null)
        {
            throw new InvalidOperationException("The timeline already ends with a phase that lasts forever.");
        }

        return new StubTimeline([.. _phases, (Checked(behavior), duration)]);
    }

    private static StubBehavior Checked(StubBehavior behavior) => behavior ?? throw new ArgumentNullException(nameof(behavior));

    private static TimeSpan Checked(TimeSpan duration)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(duration, TimeSpan.Zero);
        return duration;
    }
}
