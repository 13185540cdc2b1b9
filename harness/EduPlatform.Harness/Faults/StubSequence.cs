namespace EduPlatform.Harness.Faults;

/// <summary>
/// Behaviours that follow each other by request count: "the first request gets 503, every later one 200". Counting
/// starts when the sequence is mapped on a <see cref="DownstreamStub"/> and covers the requests that mapping answers,
/// in arrival order. Where a <see cref="StubTimeline"/> switches on the clock, this switches on the n-th call: what a
/// retry test needs, since a retry arrives milliseconds after the failure it repeats.
/// </summary>
/// <example>
/// <code>
/// StubSequence.First(StubBehavior.Status(503))
///     .Then(StubBehavior.ConnectionReset(), requests: 2)
///     .ThenForever(StubBehavior.Json("{}"));
/// </code>
/// </example>
public sealed class StubSequence
{
    private readonly IReadOnlyList<(StubBehavior Behavior, long? Requests)> _steps;

    private StubSequence(IReadOnlyList<(StubBehavior, long?)> steps) => _steps = steps;

    /// <summary>The first <paramref name="requests"/> requests (default one) get <paramref name="behavior"/>.</summary>
    public static StubSequence First(StubBehavior behavior, int requests = 1) => new([(Checked(behavior), Checked(requests))]);

    /// <summary>The next <paramref name="requests"/> requests (default one) get <paramref name="behavior"/>.</summary>
    public StubSequence Then(StubBehavior behavior, int requests = 1) => Append(behavior, Checked(requests));

    /// <summary>Every request after that gets <paramref name="behavior"/>; nothing can follow.</summary>
    public StubSequence ThenForever(StubBehavior behavior) => Append(behavior, requests: null);

    /// <summary>
    /// The behaviour for the request with 0-based index <paramref name="index"/>. A sequence that does not end with
    /// <see cref="ThenForever"/> repeats its last behaviour.
    /// </summary>
    public StubBehavior BehaviorFor(long index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        var stepStart = 0L;
        foreach (var (behavior, requests) in _steps)
        {
            if (requests is null || index < stepStart + requests.Value)
            {
                return behavior;
            }

            stepStart += requests.Value;
        }

        return _steps[^1].Behavior;
    }

    private StubSequence Append(StubBehavior behavior, long? requests)
    {
        if (_steps[^1].Requests is null)
        {
            throw new InvalidOperationException("The sequence already ends with a behaviour that lasts forever.");
        }

        return new StubSequence([.. _steps, (Checked(behavior), requests)]);
    }

    private static StubBehavior Checked(StubBehavior behavior) => behavior ?? throw new ArgumentNullException(nameof(behavior));

    private static long Checked(int requests)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(requests);
        return requests;
    }
}
