using System.Collections.Concurrent;
using EduPlatform.EventStore.Demo.Enrollments;
using EduPlatform.Harness.Infrastructure;
using EduPlatform.Harness.Waiting;
using EduPlatform.EventStore.Testing;

namespace EduPlatform.EventStore.Tests;

/// <summary>Many writers on one stream at once: every conflict detected, no duplicate, no hole.</summary>
public sealed class ConcurrentAppendTests(InfrastructureFixture infrastructure)
{
    private static readonly StreamId Stream = StreamId.Parse("enrollment-hot");

    [Fact]
    public async Task Writers_that_all_read_the_same_version_race_and_exactly_one_per_round_wins()
    {
        await using var system = await EventStoreSystem.StartAsync(infrastructure, cancellationToken: CurrentTest.Cancellation);
        const int writers = 10;
        const int rounds = 15;

        for (var round = 0; round < rounds; round++)
        {
            var version = await system.Store.ReadStreamVersionAsync(Stream, CurrentTest.Cancellation);
            var results = await Task.WhenAll(Enumerable.Range(0, writers).Select(_ => Task.Run(() =>
                system.Store.AppendToStreamAsync(Stream, ExpectedVersion.Exactly(version), [SampleEvents.Lesson(round)], CurrentTest.Cancellation), CurrentTest.Cancellation)));

            results.Should().ContainSingle(r => r.Outcome == AppendOutcome.Appended, $"round {round}: one decision per version");
            results.Where(r => r.Outcome != AppendOutcome.Appended).Should().OnlyContain(
                r => r.Outcome == AppendOutcome.WrongExpectedVersion && r.StreamVersion == version + 1);
        }

        (await system.Store.ReadStreamVersionAsync(Stream, CurrentTest.Cancellation)).Should().Be(rounds);
        (await system.CountEventsAsync()).Should().Be(rounds);
    }

    [Fact]
    public async Task Read_then_append_writers_with_retries_lose_no_update_and_leave_no_duplicate_or_hole()
    {
        await using var system = await EventStoreSystem.StartAsync(infrastructure, cancellationToken: CurrentTest.Cancellation);
        const int writers = 8;
        const int appendsPerWriter = 8;
        var acknowledged = new ConcurrentBag<(int Writer, int Sequence, Guid EventId, long ExpectedVersion, long NewVersion)>();
        var conflicts = 0;

        await Task.WhenAll(Enumerable.Range(0, writers).Select(writer => Task.Run(async () =>
        {
            for (var sequence = 0; sequence < appendsPerWriter; sequence++)
            {
                var newEvent = NewEvent.Create(new LessonCompleted($"writer-{writer}-{sequence}"));
                while (true)
                {
                    // Read, decide, append with what was read: the optimistic concurrency loop.
                    var version = await system.Store.ReadStreamVersionAsync(Stream, CurrentTest.Cancellation);
                    var result = await system.Store.AppendToStreamAsync(Stream, ExpectedVersion.Exactly(version), [newEvent], CurrentTest.Cancellation);
                    if (result.Outcome == AppendOutcome.Appended)
                    {
                        acknowledged.Add((writer, sequence, newEvent.EventId, version, result.StreamVersion));
                        break;
                    }

                    result.Outcome.Should().Be(AppendOutcome.WrongExpectedVersion);
                    result.StreamVersion.Should().BeGreaterThan(version, "a conflict means someone else moved the stream on");
                    Interlocked.Increment(ref conflicts);
                }
            }
        }, CurrentTest.Cancellation)));

        const int total = writers * appendsPerWriter;
        var stored = await system.Store.ReadStreamAsync(Stream, maxCount: 1_000, cancellationToken: CurrentTest.Cancellation);
        stored.Select(e => e.StreamVersion).Should().Equal(Enumerable.Range(1, total).Select(v => (long)v), "no hole and nothing extra");
        stored.Select(e => e.EventId).Should().OnlyHaveUniqueItems().And.BeEquivalentTo(acknowledged.Select(a => a.EventId));
        acknowledged.Select(a => a.ExpectedVersion).Should().OnlyHaveUniqueItems("two writers never both succeed on the same read");
        acknowledged.Should().OnlyContain(a => a.NewVersion == a.ExpectedVersion + 1);
        foreach (var writer in acknowledged.GroupBy(a => a.Writer))
        {
            // Each writer's own appends are in the stream in the order it made them.
            var mine = stored.Where(e => ((LessonCompleted)e.Data).LessonId.StartsWith($"writer-{writer.Key}-", StringComparison.Ordinal)).ToList();
            mine.Select(e => ((LessonCompleted)e.Data).LessonId).Should().Equal(Enumerable.Range(0, appendsPerWriter).Select(s => $"writer-{writer.Key}-{s}"));
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"{total} appends by {writers} writers, {conflicts} conflicts detected and retried");
        conflicts.Should().BePositive("the test must actually produce contention to prove anything");
    }
}
