using System.Collections.Concurrent;
using EduPlatform.Harness.Infrastructure;
using EduPlatform.Harness.Waiting;
using Npgsql;
using NpgsqlTypes;
using EduPlatform.EventStore.Testing;

namespace EduPlatform.EventStore.Tests;

/// <summary>
/// The commit-order gap: a sequence hands out positions when rows are inserted, but readers see rows
/// when they are committed. If the transaction holding position 1 commits after the one holding 2, a
/// reader that saw 2 and saved "after 2" as its checkpoint never sees 1. These tests reproduce that
/// with a naive table, then show the store's append cannot produce it.
/// </summary>
public sealed class CommitOrderGapTests(InfrastructureFixture infrastructure)
{
    [Fact]
    public async Task A_naive_reader_of_a_bigserial_table_skips_an_event_that_commits_late()
    {
        await using var system = await EventStoreSystem.StartAsync(infrastructure, cancellationToken: CurrentTest.Cancellation);
        await system.ExecuteAsync("CREATE TABLE naive_events (position bigserial PRIMARY KEY, name text NOT NULL)");
        await using var slowWriter = await system.DataSource.OpenConnectionAsync(CurrentTest.Cancellation);
        await using var fastWriter = await system.DataSource.OpenConnectionAsync(CurrentTest.Cancellation);

        await using var slow = await slowWriter.BeginTransactionAsync(CurrentTest.Cancellation);
        (await ScalarAsync<long>(slowWriter, "INSERT INTO naive_events (name) VALUES ('slow') RETURNING position")).Should().Be(1);
        await using (var fast = await fastWriter.BeginTransactionAsync(CurrentTest.Cancellation))
        {
            (await ScalarAsync<long>(fastWriter, "INSERT INTO naive_events (name) VALUES ('fast') RETURNING position")).Should().Be(2);
            await fast.CommitAsync(CurrentTest.Cancellation);
        }

        var firstRead = await ReadNaiveAfterAsync(system, 0);
        var checkpoint = firstRead.Max();
        await slow.CommitAsync(CurrentTest.Cancellation);
        var secondRead = await ReadNaiveAfterAsync(system, checkpoint);

        firstRead.Should().Equal(2);
        secondRead.Should().BeEmpty("the reader's checkpoint is already past position 1");
        (await ReadNaiveAfterAsync(system, 0)).Should().Equal([1, 2], "position 1 is stored: the reader skipped it for good");
    }

    [Fact]
    public async Task The_same_interleaving_against_the_store_makes_the_second_append_wait_so_the_reader_sees_both_in_order()
    {
        await using var system = await EventStoreSystem.StartAsync(infrastructure, cancellationToken: CurrentTest.Cancellation);
        await using var slowWriter = await system.DataSource.OpenConnectionAsync(CurrentTest.Cancellation);

        // The slow append: the store's own append function, inside a transaction left open.
        await using var slow = await slowWriter.BeginTransactionAsync(CurrentTest.Cancellation);
        await using (var append = new NpgsqlCommand("SELECT first_position FROM eventstore.append_to_stream($1, -1, $2, $3, $4, $5)", slowWriter, slow))
        {
            var (name, json) = system.Types.Serialize(((NewEvent)SampleEvents.Enrolled()).Data);
            append.Parameters.Add(new NpgsqlParameter<string> { TypedValue = "enrollment-slow" });
            append.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = [Guid.NewGuid()] });
            append.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [name] });
            append.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [json], NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb });
            append.Parameters.Add(new NpgsqlParameter<string?[]> { TypedValue = [null], NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb });
            (await append.ExecuteScalarAsync(CurrentTest.Cancellation)).Should().Be(1L);
        }

        // The fast append starts while the slow one is uncommitted: it must wait, not take position 2 now.
        var fast = Task.Run(() => system.Store.AppendToStreamAsync(StreamId.Parse("enrollment-fast"), ExpectedVersion.Any, [SampleEvents.Enrolled()], CurrentTest.Cancellation), CurrentTest.Cancellation);
        await system.WaitUntilAnAppendWaitsForTheAppendLockAsync();
        fast.IsCompleted.Should().BeFalse();

        var whileSlowIsOpen = await system.Store.ReadAllForwardAsync(0, cancellationToken: CurrentTest.Cancellation);
        await slow.CommitAsync(CurrentTest.Cancellation);
        var fastResult = await fast;
        var afterBoth = await system.Store.ReadAllForwardAsync(0, cancellationToken: CurrentTest.Cancellation);

        whileSlowIsOpen.Should().BeEmpty("nothing is committed yet, and nothing later than the slow append can be");
        fastResult.FirstPosition.Should().Be(2);
        afterBoth.Select(e => (e.GlobalPosition, e.StreamId.Value)).Should().Equal((1, "enrollment-slow"), (2, "enrollment-fast"));
    }

    [Fact]
    public async Task A_checkpointed_reader_racing_many_writers_sees_every_position_once_in_order_without_holes()
    {
        await using var system = await EventStoreSystem.StartAsync(infrastructure, cancellationToken: CurrentTest.Cancellation);
        const int writers = 3;
        const int appendsPerWriter = 25;
        var acknowledged = new ConcurrentBag<Guid>();
        using var writersDone = new CancellationTokenSource();

        var writing = Task.WhenAll(Enumerable.Range(0, writers).Select(writer => Task.Run(async () =>
        {
            for (var i = 0; i < appendsPerWriter; i++)
            {
                // Batches of 1-3 events over several streams: positions are taken in blocks.
                var batch = SampleEvents.Lessons(1 + (i % 3));
                var result = await system.Store.AppendToStreamAsync(StreamId.For("enrollment", $"{writer}-{i % 4}"), ExpectedVersion.Any, batch, CurrentTest.Cancellation);
                result.Outcome.Should().Be(AppendOutcome.Appended);
                foreach (var e in batch)
                {
                    acknowledged.Add(e.EventId);
                }
            }
        }, CurrentTest.Cancellation))).ContinueWith(_ => writersDone.Cancel(), TaskScheduler.Default);

        var seen = new List<RecordedEvent>();
        var checkpoint = 0L;
        var reads = 0;
        while (true)
        {
            var finished = writersDone.IsCancellationRequested;
            var page = await system.Store.ReadAllForwardAsync(checkpoint, 50, CurrentTest.Cancellation);
            reads++;
            // The invariant a checkpointed reader relies on: the next position is always checkpoint + 1.
            page.Select(e => e.GlobalPosition).Should().Equal(Enumerable.Range(0, page.Count).Select(i => checkpoint + 1 + i));
            seen.AddRange(page);
            checkpoint = page.Count > 0 ? page[^1].GlobalPosition : checkpoint;
            if (finished && page.Count == 0)
            {
                break;
            }

            if (page.Count == 0)
            {
                await Task.Delay(5, CurrentTest.Cancellation);
            }
        }

        await writing;
        seen.Select(e => e.EventId).Should().OnlyHaveUniqueItems().And.BeEquivalentTo(acknowledged);
        TestContext.Current.TestOutputHelper?.WriteLine($"{seen.Count} events seen in {reads} reads while {writers} writers appended");
        reads.Should().BeGreaterThan(3, "the reader must have read while the writers were writing");
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync(CurrentTest.Cancellation))!;
    }

    private static async Task<List<long>> ReadNaiveAfterAsync(EventStoreSystem system, long after)
    {
        await using var command = system.DataSource.CreateCommand($"SELECT position FROM naive_events WHERE position > {after} ORDER BY position");
        await using var reader = await command.ExecuteReaderAsync(CurrentTest.Cancellation);
        var positions = new List<long>();
        while (await reader.ReadAsync(CurrentTest.Cancellation))
        {
            positions.Add(reader.GetInt64(0));
        }

        return positions;
    }
}
