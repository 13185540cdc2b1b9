using EduPlatform.Harness.Infrastructure;
using EduPlatform.Harness.Waiting;
using Npgsql;
using EduPlatform.EventStore.Testing;

namespace EduPlatform.EventStore.Tests;

/// <summary>Concurrent appends from one process share a transaction (group commit), each with its own result.</summary>
public sealed class GroupCommitTests(InfrastructureFixture infrastructure)
{
    [Fact]
    public async Task Appends_that_queue_behind_a_group_in_flight_commit_together_in_one_transaction_with_their_own_results()
    {
        await using var system = await EventStoreSystem.StartAsync(infrastructure, cancellationToken: CurrentTest.Cancellation);
        await system.Store.AppendToStreamAsync(StreamId.Parse("enrollment-busy"), ExpectedVersion.NoStream, [SampleEvents.Enrolled()], CurrentTest.Cancellation);

        // Hold the append lock, so the first group waits in the database while the rest queue behind it.
        await using var appendLock = await AppendLockHold.TakeAsync(system);
        var first = await AppendOneBehindTheLockAsync(system);
        var queued = Enumerable.Range(1, 8)
            .Select(i => system.Store.AppendToStreamAsync(StreamId.For("enrollment", i), ExpectedVersion.NoStream, [SampleEvents.Enrolled()], CurrentTest.Cancellation))
            .Append(system.Store.AppendToStreamAsync(StreamId.Parse("enrollment-busy"), ExpectedVersion.NoStream, [SampleEvents.Paid()], CurrentTest.Cancellation))
            .ToList();
        await appendLock.ReleaseAsync();
        var results = await Task.WhenAll(queued.Prepend(first));

        results[..9].Should().OnlyContain(r => r.Outcome == AppendOutcome.Appended);
        results[9].Outcome.Should().Be(AppendOutcome.WrongExpectedVersion, "a conflict in a group fails that append alone");
        // Rows committed by one transaction share its xmin: the 8 queued appends went as one group.
        (await system.ScalarAsync<long>("SELECT count(DISTINCT xmin::text) FROM eventstore.events WHERE stream_id <> 'enrollment-busy'"))
            .Should().Be(2, "the first append alone, then the eight that queued behind it together");
        (await system.Store.ReadAllForwardAsync(0, cancellationToken: CurrentTest.Cancellation)).Select(e => e.GlobalPosition)
            .Should().Equal(Enumerable.Range(1, 10).Select(p => (long)p));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(17)]
    [InlineData(39)]
    public async Task An_append_postgresql_refuses_fails_alone_and_the_innocent_appends_grouped_with_it_are_each_stored_once(int poisonedAt)
    {
        await using var system = await EventStoreSystem.StartAsync(infrastructure, cancellationToken: CurrentTest.Cancellation);
        // Any statement PostgreSQL refuses will do; a check constraint makes one event refusable on purpose.
        await system.ExecuteAsync("ALTER TABLE eventstore.events ADD CONSTRAINT no_poison CHECK (data->>'lessonId' IS DISTINCT FROM 'poison')");

        var (innocent, poisoned) = await AppendFortyBehindTheLockAsync(system, poisonedAt);

        (await poisoned.Awaiting(p => p).Should().ThrowAsync<PostgresException>()).Which.SqlState.Should().Be(PostgresErrorCodes.CheckViolation);
        innocent.Select(a => a.Ended).Should().OnlyContain(ended => ended == nameof(AppendOutcome.Appended), "no innocent append fails with the poisoned one");
        await ExpectStoredExactlyOnceAsync(system, innocent.Select(a => a.EventId));
        (await system.ScalarAsync<long>("SELECT count(DISTINCT xmin::text) FROM eventstore.events WHERE stream_id LIKE 'queued-%'"))
            .Should().Be(1, "the innocent appends of the refused group went again together, as one group");
    }

    [Fact]
    public async Task When_only_the_commit_of_a_group_fails_each_append_goes_again_alone_and_only_the_guilty_one_fails()
    {
        await using var system = await EventStoreSystem.StartAsync(infrastructure, cancellationToken: CurrentTest.Cancellation);
        // A deferred constraint trigger fails the COMMIT, after every statement of the group has run: no result points at the culprit.
        await system.ExecuteAsync("""
            CREATE FUNCTION refuse_poison() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF NEW.data->>'lessonId' = 'poison' THEN RAISE EXCEPTION 'poison at commit'; END IF;
                RETURN NULL;
            END $$;
            CREATE CONSTRAINT TRIGGER refuse_poison AFTER INSERT ON eventstore.events
                DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION refuse_poison();
            """);

        var (innocent, poisoned) = await AppendFortyBehindTheLockAsync(system, poisonedAt: 20);

        (await poisoned.Awaiting(p => p).Should().ThrowAsync<PostgresException>()).Which.MessageText.Should().Be("poison at commit");
        innocent.Select(a => a.Ended).Should().OnlyContain(ended => ended == nameof(AppendOutcome.Appended));
        await ExpectStoredExactlyOnceAsync(system, innocent.Select(a => a.EventId));
    }

    /// <summary>
    /// One append waits for the append lock; then 40 queue behind it (one group: they arrive while a group is in flight),
    /// the one at <paramref name="poisonedAt"/> carrying the lesson "poison"; then the lock is released.
    /// </summary>
    /// <returns>Each innocent append's event id and how it ended (its outcome, or the exception it failed with); the poisoned append.</returns>
    private static async Task<(List<(Guid EventId, string Ended)> Innocent, Task<AppendResult> Poisoned)> AppendFortyBehindTheLockAsync(
        EventStoreSystem system, int poisonedAt)
    {
        await using var appendLock = await AppendLockHold.TakeAsync(system);
        var first = await AppendOneBehindTheLockAsync(system);
        var queued = Enumerable.Range(0, 40).Select(i =>
        {
            var newEvent = i == poisonedAt ? NewEvent.Create(new Demo.Enrollments.LessonCompleted("poison")) : SampleEvents.Lesson(i);
            return (newEvent.EventId, Result: system.Store.AppendToStreamAsync(StreamId.For("queued", i), ExpectedVersion.NoStream, [newEvent], CurrentTest.Cancellation));
        }).ToList();
        await appendLock.ReleaseAsync();
        await first;
        var innocent = new List<(Guid EventId, string Ended)>();
        foreach (var (eventId, result) in queued.Where((_, i) => i != poisonedAt))
        {
            try
            {
                innocent.Add((eventId, (await result).Outcome.ToString()));
            }
            catch (PostgresException exception)
            {
                innocent.Add((eventId, exception.MessageText));
            }
        }

        return (innocent, queued[poisonedAt].Result);
    }

    private static async Task ExpectStoredExactlyOnceAsync(EventStoreSystem system, IEnumerable<Guid> eventIds)
    {
        var stored = await system.Store.ReadAllForwardAsync(0, cancellationToken: CurrentTest.Cancellation);
        stored.Where(e => e.StreamId.Value.StartsWith("queued-", StringComparison.Ordinal)).Select(e => e.EventId)
            .Should().BeEquivalentTo(eventIds, "every innocent append is stored, once, and nothing else of the group");
        stored.Select(e => e.GlobalPosition).Should().Equal(Enumerable.Range(1, stored.Count).Select(p => (long)p), "a rolled-back group leaves no hole");
    }

    /// <summary>An append that waits in the database for the held lock: the group in flight that later appends queue behind.</summary>
    private static async Task<Task<AppendResult>> AppendOneBehindTheLockAsync(EventStoreSystem system)
    {
        var first = system.Store.AppendToStreamAsync(StreamId.Parse("enrollment-0"), ExpectedVersion.NoStream, [SampleEvents.Enrolled()], CurrentTest.Cancellation);
        await system.WaitUntilAnAppendWaitsForTheAppendLockAsync();
        return first;
    }

    /// <summary>The store's append lock, held by another session until released (or disposed).</summary>
    private sealed class AppendLockHold : IAsyncDisposable
    {
        private readonly NpgsqlConnection _connection;
        private readonly NpgsqlTransaction _transaction;

        private AppendLockHold(NpgsqlConnection connection, NpgsqlTransaction transaction) => (_connection, _transaction) = (connection, transaction);

        public static async Task<AppendLockHold> TakeAsync(EventStoreSystem system)
        {
            var connection = await system.DataSource.OpenConnectionAsync(CurrentTest.Cancellation);
            var transaction = await connection.BeginTransactionAsync(CurrentTest.Cancellation);
            await using var lockAppends = new NpgsqlCommand("SELECT pg_advisory_xact_lock('eventstore.events'::regclass::oid::bigint)", connection, transaction);
            await lockAppends.ExecuteNonQueryAsync(CurrentTest.Cancellation);
            return new AppendLockHold(connection, transaction);
        }

        public Task ReleaseAsync() => _transaction.CommitAsync(CurrentTest.Cancellation);

        public async ValueTask DisposeAsync()
        {
            await _transaction.DisposeAsync();
            await _connection.DisposeAsync();
        }
    }
}
