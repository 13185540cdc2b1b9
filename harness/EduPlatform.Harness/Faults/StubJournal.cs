using System.Collections.Concurrent;

namespace EduPlatform.Harness.Faults;

/// <summary>
/// Every request a <see cref="DownstreamStub"/> received, in arrival order, stamped with the stub's
/// clock when it arrived (before any latency), with its headers: for "called exactly once", "no
/// retries after the breaker opened", "the second call came 2 s after the first", "the caller passed
/// its idempotency key on".
/// </summary>
public sealed class StubJournal
{
    private readonly ConcurrentQueue<StubRequest> _requests = new();

    public int Count => _requests.Count;

    public IReadOnlyList<StubRequest> Requests => _requests.ToArray();

    /// <summary>Requests to exactly <paramref name="path"/> (case-insensitive, no query string).</summary>
    public IReadOnlyList<StubRequest> For(string path) =>
        _requests.Where(request => string.Equals(request.Path, path, StringComparison.OrdinalIgnoreCase)).ToArray();

    public int CountFor(string path) => For(path).Count;

    /// <summary>Request counts per path.</summary>
    public IReadOnlyDictionary<string, int> CountsByPath() =>
        _requests.GroupBy(request => request.Path, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(group => group.Key, group => group.Count(), StringComparer.OrdinalIgnoreCase);

    public void Clear() => _requests.Clear();

    internal void Record(StubRequest request) => _requests.Enqueue(request);
}
