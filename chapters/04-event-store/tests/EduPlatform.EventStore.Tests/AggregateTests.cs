using EduPlatform.EventStore.Aggregates;
using EduPlatform.EventStore.Demo.Enrollments;
using EduPlatform.Harness.Infrastructure;
using EduPlatform.Harness.Waiting;
using EduPlatform.EventStore.Testing;

namespace EduPlatform.EventStore.Tests;

/// <summary>Loading state by folding events, from a snapshot when one exists.</summary>
public sealed class AggregateTests(InfrastructureFixture infrastructure)
{
    private static readonly StreamId Stream = StreamId.Parse("enrollment-7");

    [Fact]
    public async Task The_state_is_the_fold_of_every_event_so_a_refund_does_not_erase_the_payment()
    {
        await using var system = await EventStoreSystem.StartAsync(infrastructure, cancellationToken: CurrentTest.Cancellation);
        var repository = Repository(system, snapshotEvery: 0);
        var student = Guid.NewGuid();
        await system.Store.AppendToStreamAsync(Stream, ExpectedVersion.NoStream,
        [
            NewEvent.Create(new StudentEnrolled(student, "system-design-101", DateTimeOffset.UnixEpoch)),
            NewEvent.Create(new PaymentCaptured(4_999, "USD", "pay_1")),
            NewEvent.Create(new PaymentRefunded(1_000, "partial refund")),
            SampleEvents.Lesson(1),
        ], CurrentTest.Cancellation);

        var loaded = await repository.LoadAsync<Enrollment>(Stream, CurrentTest.Cancellation);

        loaded.State.Should().Be(new Enrollment(EnrollmentStatus.Active, student, "system-design-101", 4_999, 1_000, 1));
        loaded.State.BalanceCents.Should().Be(3_999);
        (loaded.Version, loaded.SnapshotVersion, loaded.EventsFolded).Should().Be((4L, (long?)null, 4));
    }

    [Fact]
    public async Task A_load_that_folded_many_events_stores_a_snapshot_and_the_next_load_folds_only_what_came_after()
    {
        await using var system = await EventStoreSystem.StartAsync(infrastructure, cancellationToken: CurrentTest.Cancellation);
        var repository = Repository(system, snapshotEvery: 50);
        await system.Store.AppendToStreamAsync(Stream, ExpectedVersion.NoStream, [SampleEvents.Enrolled(), .. SampleEvents.Lessons(119)], CurrentTest.Cancellation);

        var first = await repository.LoadAsync<Enrollment>(Stream, CurrentTest.Cancellation);
        await repository.AppendAsync(first, SampleEvents.Lessons(5, firstNumber: 200), CurrentTest.Cancellation);
        var second = await repository.LoadAsync<Enrollment>(Stream, CurrentTest.Cancellation);
        var allEvents = await system.Store.ReadStreamAsync(Stream, cancellationToken: CurrentTest.Cancellation);
        var foldedFromEventsOnly = allEvents.Aggregate(Enrollment.Initial, (state, e) => state.Apply(e.Data));

        (first.SnapshotVersion, first.EventsFolded).Should().Be(((long?)null, 120));
        (second.SnapshotVersion, second.EventsFolded, second.Version).Should().Be(((long?)120, 5, 125L));
        second.State.Should().Be(foldedFromEventsOnly, "a snapshot is a cache of the fold, never a different answer");
        second.State.LessonsCompleted.Should().Be(124);
    }

    [Fact]
    public async Task A_snapshot_of_an_old_shape_or_an_unreadable_one_is_ignored_and_the_state_is_folded_from_events()
    {
        await using var system = await EventStoreSystem.StartAsync(infrastructure, cancellationToken: CurrentTest.Cancellation);
        var repository = Repository(system, snapshotEvery: 0);
        await system.Store.AppendToStreamAsync(Stream, ExpectedVersion.NoStream, [SampleEvents.Enrolled(), .. SampleEvents.Lessons(3)], CurrentTest.Cancellation);
        await system.ExecuteAsync(
            "INSERT INTO eventstore.snapshots (stream_id, snapshot_type, stream_version, data) " +
            "VALUES ('enrollment-7', 'enrollment.v1', 3, '{\"status\": \"no-such-status\"}')");

        var loaded = await repository.LoadAsync<Enrollment>(Stream, CurrentTest.Cancellation);

        (loaded.SnapshotVersion, loaded.EventsFolded).Should().Be(((long?)null, 4));
        loaded.State.LessonsCompleted.Should().Be(3);
    }

    [Fact]
    public async Task Appending_on_a_stale_load_is_a_wrong_expected_version()
    {
        await using var system = await EventStoreSystem.StartAsync(infrastructure, cancellationToken: CurrentTest.Cancellation);
        var repository = Repository(system, snapshotEvery: 0);
        await system.Store.AppendToStreamAsync(Stream, ExpectedVersion.NoStream, [SampleEvents.Enrolled()], CurrentTest.Cancellation);
        var stale = await repository.LoadAsync<Enrollment>(Stream, CurrentTest.Cancellation);
        await repository.AppendAsync(await repository.LoadAsync<Enrollment>(Stream, CurrentTest.Cancellation), [SampleEvents.Paid()], CurrentTest.Cancellation);

        var result = await repository.AppendAsync(stale, [SampleEvents.Paid()], CurrentTest.Cancellation);

        result.Outcome.Should().Be(AppendOutcome.WrongExpectedVersion);
        result.StreamVersion.Should().Be(2);
    }

    private static AggregateRepository Repository(EventStoreSystem system, int snapshotEvery) =>
        new(system.Store, new SnapshotStore(system.DataSource, system.Types.SerializerOptions), snapshotEvery);
}
