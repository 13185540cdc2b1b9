using System.Collections.Concurrent;
using System.Diagnostics;

namespace EduPlatform.EventStore.Testing;

/// <summary>
/// Claim "no lost update": concurrent writers read-then-append to ONE stream with the version they
/// read as the expected version, and retry on conflict. Holds when the final version equals the
/// number of successful appends, every success was decided on a version nobody else succeeded on
/// (so every conflict was detected), and the stream has no duplicate and no hole.
/// </summary>
/// <remarks>
/// Drive it with <see cref="DecideAndAppendAsync"/> from as many concurrent writers as the claim
/// says (the tests use tasks, `prove` the load engine), then call <see cref="VerifyAsync"/>.
/// </remarks>
public sealed class NoLostUpdateScenario(PostgresEventStore store)
{
    private readonly ConcurrentBag<(Guid EventId, long ReadVersion, long NewVersion)> _successes = [];
    private readonly ConcurrentQueue<string> _violations = new();
    private long _conflicts;
    private int _sequence;

    public StreamId Stream { get; } = StreamId.For("claim-no-lost-update", Guid.NewGuid().ToString("N"));

    public long Conflicts => Interlocked.Read(ref _conflicts);

    /// <summary>One decision of one writer: read the version, append on it, and on a conflict read and try again until it lands.</summary>
    /// <returns>How many conflicts this decision met.</returns>
    public async Task<int> DecideAndAppendAsync(string writer, CancellationToken cancellationToken)
    {
        var decision = NewEvent.Create(new WorkDone(writer, Interlocked.Increment(ref _sequence)));
        for (var conflicts = 0; ; conflicts++)
        {
            var read = await store.ReadStreamVersionAsync(Stream, cancellationToken);
            var result = await store.AppendToStreamAsync(Stream, ExpectedVersion.Exactly(read), [decision], cancellationToken);
            if (result.Outcome == AppendOutcome.Appended)
            {
                _successes.Add((decision.EventId, read, result.StreamVersion));
                return conflicts;
            }

            if (result.Outcome != AppendOutcome.WrongExpectedVersion || result.StreamVersion <= read)
            {
                _violations.Enqueue($"{writer}: read {read}, got {result.Outcome} at version {result.StreamVersion}");
            }

            Interlocked.Increment(ref _conflicts);
        }
    }

    /// <summary>The standalone driver: <paramref name="writers"/> tasks, each making <paramref name="appendsPerWriter"/> decisions.</summary>
    public async Task<ClaimVerification> RunAsync(int writers, int appendsPerWriter, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, writers).Select(writer => Task.Run(async () =>
        {
            for (var i = 0; i < appendsPerWriter; i++)
            {
                await DecideAndAppendAsync($"writer-{writer}", cancellationToken);
            }
        }, cancellationToken)));
        return await VerifyAsync(writers, clock.Elapsed, cancellationToken);
    }

    public async Task<ClaimVerification> VerifyAsync(int writers, TimeSpan elapsed, CancellationToken cancellationToken)
    {
        var violations = new List<string>(_violations);
        var finalVersion = await store.ReadStreamVersionAsync(Stream, cancellationToken);
        var stored = new List<RecordedEvent>();
        while (await store.ReadStreamAsync(Stream, ReadDirection.Forward, stored.Count + 1, 1_000, cancellationToken) is { Count: > 0 } page)
        {
            stored.AddRange(page);
        }

        if (finalVersion != _successes.Count)
        {
            violations.Add($"final version {finalVersion} but {_successes.Count} successful appends (a lost or phantom update)");
        }

        if (!stored.Select(e => e.StreamVersion).SequenceEqual(Enumerable.Range(1, stored.Count).Select(v => (long)v)))
        {
            violations.Add("the stream's versions are not exactly 1..n (a hole or a duplicate version)");
        }

        if (stored.Select(e => e.EventId).Distinct().Count() != stored.Count)
        {
            violations.Add("an event is stored twice");
        }

        if (!stored.Select(e => e.EventId).ToHashSet().SetEquals(_successes.Select(s => s.EventId)))
        {
            violations.Add("the stored events are not exactly the acknowledged ones");
        }

        foreach (var sameRead in _successes.GroupBy(s => s.ReadVersion).Where(g => g.Count() > 1))
        {
            violations.Add($"{sameRead.Count()} writers succeeded on a decision made at version {sameRead.Key}: a conflict went undetected");
        }

        if (Conflicts == 0 && writers > 1)
        {
            violations.Add("no conflict happened: the run did not test concurrency");
        }

        return new ClaimVerification("no lost update", violations, new Dictionary<string, double>
        {
            ["writers"] = writers,
            ["successful appends"] = _successes.Count,
            ["conflicts detected and retried"] = Conflicts,
            ["final version"] = finalVersion,
            ["seconds"] = elapsed.TotalSeconds,
            ["successful appends/s"] = _successes.Count / elapsed.TotalSeconds,
        });
    }
}
