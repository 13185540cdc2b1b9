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
        await using var blocker = await system.DataSource.OpenConnectionAsync(CurrentTest.Cancellation);
        await using var blocking = await blocker.BeginTransactionAsync(CurrentTest.Cancellation);
        await using (var lockAppends = new NpgsqlCommand("SELECT pg_advisory_xact_lock('eventstore.events'::regclass::oid::bigint)", blocker, blocking))
        {
            await lockAppends.ExecuteNonQueryAsync(CurrentTest.Cancellation);
        }

        var first = system.Store.AppendToStreamAsync(StreamId.Parse("enrollment-0"), ExpectedVersion.NoStream, [SampleEvents.Enrolled()], CurrentTest.Cancellation);
        await system.WaitUntilAnAppendWaitsForTheAppendLockAsync();
        var queued = Enumerable.Range(1, 8)
            .Select(i => system.Store.AppendToStreamAsync(StreamId.For("enrollment", i), ExpectedVersion.NoStream, [SampleEvents.Enrolled()], CurrentTest.Cancellation))
            .Append(system.Store.AppendToStreamAsync(StreamId.Parse("enrollment-busy"), ExpectedVersion.NoStream, [SampleEvents.Paid()], CurrentTest.Cancellation))
            .ToList();
        await blocking.CommitAsync(CurrentTest.Cancellation);
        var results = await Task.WhenAll(queued.Prepend(first));

        results[..9].Should().OnlyContain(r => r.Outcome == AppendOutcome.Appended);
        results[9].Outcome.Should().Be(AppendOutcome.WrongExpectedVersion, "a conflict in a group fails that append alone");
        // Rows committed by one transaction share its xmin: the 8 queued appends went as one group.
        (await system.ScalarAsync<long>("SELECT count(DISTINCT xmin::text) FROM eventstore.events WHERE stream_id <> 'enrollment-busy'"))
            .Should().Be(2, "the first append alone, then the eight that queued behind it together");
        (await system.Store.ReadAllForwardAsync(0, cancellationToken: CurrentTest.Cancellation)).Select(e => e.GlobalPosition)
            .Should().Equal(Enumerable.Range(1, 10).Select(p => (long)p));
    }
}
