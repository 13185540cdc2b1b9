using System.Collections.Concurrent;
using System.Diagnostics;
using EduPlatform.EventStore.Demo.Enrollments;

namespace EduPlatform.EventStore.Tests.Claims;

/// <summary>
/// Claim "no lost update": N concurrent writers read-then-append to ONE stream with the version they
/// read as the expected version, and retry on conflict. Holds when the final version equals the
/// number of successful appends, every success was decided on a version nobody else succeeded on
/// (so every conflict was detected), and the stream has no duplicate and no hole.
/// </summary>
public sealed class NoLostUpdateScenario(PostgresEventStore store)
{
    public async Task<ClaimResult> RunAsync(int writers, int appendsPerWriter, CancellationToken cancellationToken)
    {
        var stream = StreamId.For("claim-no-lost-update", Guid.NewGuid().ToString("N"));
        var successes = new ConcurrentBag<(Guid EventId, long ReadVersion, long NewVersion)>();
        var conflicts = 0L;
        var violations = new ConcurrentQueue<string>();
        var clock = Stopwatch.StartNew();

        await Task.WhenAll(Enumerable.Range(0, writers).Select(writer => Task.Run(async () =>
        {
            for (var i = 0; i < appendsPerWriter; i++)
            {
                var decision = NewEvent.Create(new LessonCompleted($"writer-{writer}-{i}"));
                while (true)
                {
                    var read = await store.ReadStreamVersionAsync(stream, cancellationToken);
                    var result = await store.AppendToStreamAsync(stream, ExpectedVersion.Exactly(read), [decision], cancellationToken);
                    if (result.Outcome == AppendOutcome.Appended)
                    {
                        successes.Add((decision.EventId, read, result.StreamVersion));
                        break;
                    }

                    if (result.Outcome != AppendOutcome.WrongExpectedVersion || result.StreamVersion <= read)
                    {
                        violations.Enqueue($"writer {writer}: read {read}, got {result.Outcome} at version {result.StreamVersion}");
                    }

                    Interlocked.Increment(ref conflicts);
                }
            }
        }, cancellationToken)));
        var elapsed = clock.Elapsed;

        var finalVersion = await store.ReadStreamVersionAsync(stream, cancellationToken);
        var stored = new List<RecordedEvent>();
        while (await store.ReadStreamAsync(stream, ReadDirection.Forward, stored.Count + 1, 1_000, cancellationToken) is { Count: > 0 } page)
        {
            stored.AddRange(page);
        }

        if (finalVersion != successes.Count)
        {
            violations.Enqueue($"final version {finalVersion} but {successes.Count} successful appends (a lost or phantom update)");
        }

        var versions = stored.Select(e => e.StreamVersion).ToList();
        if (!versions.SequenceEqual(Enumerable.Range(1, stored.Count).Select(v => (long)v)))
        {
            violations.Enqueue("the stream's versions are not exactly 1..n (a hole or a duplicate version)");
        }

        if (stored.Select(e => e.EventId).Distinct().Count() != stored.Count)
        {
            violations.Enqueue("an event is stored twice");
        }

        if (!stored.Select(e => e.EventId).ToHashSet().SetEquals(successes.Select(s => s.EventId)))
        {
            violations.Enqueue("the stored events are not exactly the acknowledged ones");
        }

        foreach (var sameRead in successes.GroupBy(s => s.ReadVersion).Where(g => g.Count() > 1))
        {
            violations.Enqueue($"{sameRead.Count()} writers succeeded on a decision made at version {sameRead.Key}: a conflict went undetected");
        }

        return new ClaimResult("no lost update", [.. violations], new Dictionary<string, double>
        {
            ["writers"] = writers,
            ["successful appends"] = successes.Count,
            ["conflicts detected and retried"] = conflicts,
            ["final version"] = finalVersion,
            ["seconds"] = elapsed.TotalSeconds,
            ["successful appends/s"] = successes.Count / elapsed.TotalSeconds,
        });
    }
}
