using EduPlatform.EventStore.Demo.Enrollments;
using EduPlatform.Harness.Infrastructure;
using EduPlatform.Harness.Waiting;
using EduPlatform.EventStore.Testing;

namespace EduPlatform.EventStore.Tests;

/// <summary>
/// A client whose append succeeded but whose acknowledgement was lost sends the same events (same ids)
/// again. The rule, as in EventStoreDB: if every id is stored, in this stream, in this order, at
/// consecutive versions, with the same type, data and metadata, the retry is acknowledged again (<see cref="AppendOutcome.AlreadyAppended"/>,
/// original version and positions) provided its expected version is Any, StreamExists, or the same
/// exact version (NoStream = 0) the original was made with. A different exact version is a
/// <see cref="AppendOutcome.WrongExpectedVersion"/>. Ids stored in any other way are
/// <see cref="AppendOutcome.EventIdsReused"/>. In every case nothing is written twice.
/// </summary>
public sealed class IdempotencyTests(InfrastructureFixture infrastructure)
{
    private static readonly StreamId Stream = StreamId.Parse("enrollment-1");

    [Theory]
    [InlineData("no-stream")]
    [InlineData("any")]
    public async Task Resending_the_first_append_with_the_same_expected_version_is_acknowledged_again(string expected)
    {
        await using var system = await EventStoreSystem.StartAsync(infrastructure, cancellationToken: CurrentTest.Cancellation);
        ExpectedVersion.TryParse(expected, out var expectedVersion).Should().BeTrue();
        NewEvent[] batch = [SampleEvents.Enrolled(), SampleEvents.Paid()];
        var original = await system.Store.AppendToStreamAsync(Stream, expectedVersion, batch, CurrentTest.Cancellation);

        var retry = await system.Store.AppendToStreamAsync(Stream, expectedVersion, batch, CurrentTest.Cancellation);

        retry.Outcome.Should().Be(AppendOutcome.AlreadyAppended);
        (retry.StreamVersion, retry.FirstPosition, retry.LastPosition)
            .Should().Be((original.StreamVersion, original.FirstPosition, original.LastPosition));
        (await system.CountEventsAsync()).Should().Be(2);
    }

    [Fact]
    public async Task A_retry_is_recognised_even_after_other_events_followed_it()
    {
        await using var system = await EventStoreSystem.StartAsync(infrastructure, cancellationToken: CurrentTest.Cancellation);
        await system.Store.AppendToStreamAsync(Stream, ExpectedVersion.NoStream, [SampleEvents.Enrolled()], CurrentTest.Cancellation);
        NewEvent[] batch = [SampleEvents.Paid(), SampleEvents.Lesson(1)];
        var original = await system.Store.AppendToStreamAsync(Stream, ExpectedVersion.Exactly(1), batch, CurrentTest.Cancellation);
        await system.Store.AppendToStreamAsync(Stream, ExpectedVersion.Exactly(3), [SampleEvents.Lesson(2)], CurrentTest.Cancellation);

        var exactRetry = await system.Store.AppendToStreamAsync(Stream, ExpectedVersion.Exactly(1), batch, CurrentTest.Cancellation);
        var existsRetry = await system.Store.AppendToStreamAsync(Stream, ExpectedVersion.StreamExists, batch, CurrentTest.Cancellation);

        exactRetry.Outcome.Should().Be(AppendOutcome.AlreadyAppended);
        exactRetry.StreamVersion.Should().Be(3, "the version right after the original batch, not the stream's current 4");
        exactRetry.FirstPosition.Should().Be(original.FirstPosition);
        existsRetry.Outcome.Should().Be(AppendOutcome.AlreadyAppended);
        (await system.CountEventsAsync()).Should().Be(4);
    }

    [Fact]
    public async Task The_same_ids_with_a_different_exact_expected_version_are_a_wrong_expected_version()
    {
        await using var system = await EventStoreSystem.StartAsync(infrastructure, cancellationToken: CurrentTest.Cancellation);
        NewEvent[] batch = [SampleEvents.Enrolled()];
        await system.Store.AppendToStreamAsync(Stream, ExpectedVersion.NoStream, batch, CurrentTest.Cancellation);

        var sameIdsAtVersionOne = await system.Store.AppendToStreamAsync(Stream, ExpectedVersion.Exactly(1), batch, CurrentTest.Cancellation);

        sameIdsAtVersionOne.Outcome.Should().Be(AppendOutcome.WrongExpectedVersion);
        sameIdsAtVersionOne.StreamVersion.Should().Be(1);
        (await system.CountEventsAsync()).Should().Be(1);
    }

    [Fact]
    public async Task Ids_stored_in_another_stream_a_partial_overlap_or_another_order_are_refused_and_nothing_is_written()
    {
        await using var system = await EventStoreSystem.StartAsync(infrastructure, cancellationToken: CurrentTest.Cancellation);
        NewEvent[] batch = [SampleEvents.Enrolled(), SampleEvents.Paid()];
        await system.Store.AppendToStreamAsync(Stream, ExpectedVersion.NoStream, batch, CurrentTest.Cancellation);

        var otherStream = await system.Store.AppendToStreamAsync(StreamId.Parse("enrollment-2"), ExpectedVersion.Any, batch, CurrentTest.Cancellation);
        var partialOverlap = await system.Store.AppendToStreamAsync(Stream, ExpectedVersion.Any, [batch[1], SampleEvents.Lesson(1)], CurrentTest.Cancellation);
        var otherOrder = await system.Store.AppendToStreamAsync(Stream, ExpectedVersion.Any, [batch[1], batch[0]], CurrentTest.Cancellation);

        otherStream.Outcome.Should().Be(AppendOutcome.EventIdsReused);
        partialOverlap.Outcome.Should().Be(AppendOutcome.EventIdsReused);
        otherOrder.Outcome.Should().Be(AppendOutcome.EventIdsReused);
        (await system.CountEventsAsync()).Should().Be(2);
    }

    [Fact]
    public async Task An_event_id_reused_with_other_data_metadata_or_type_is_refused_and_the_stored_event_is_unchanged()
    {
        await using var system = await EventStoreSystem.StartAsync(infrastructure, cancellationToken: CurrentTest.Cancellation);
        var original = NewEvent.Create(new LessonCompleted("lesson-1"), new Dictionary<string, string> { ["correlationId"] = "req-1" });
        await system.Store.AppendToStreamAsync(Stream, ExpectedVersion.NoStream, [original], CurrentTest.Cancellation);

        NewEvent[] otherContent =
        [
            original with { Data = new LessonCompleted("lesson-2") },
            original with { Metadata = new Dictionary<string, string> { ["correlationId"] = "req-2" } },
            original with { Metadata = null },
            original with { Data = new EnrollmentCancelled("lesson-1") },
        ];
        foreach (var changed in otherContent)
        {
            (await system.Store.AppendToStreamAsync(Stream, ExpectedVersion.NoStream, [changed], CurrentTest.Cancellation)).Outcome
                .Should().Be(AppendOutcome.EventIdsReused, $"{changed} reuses the id of {original}");
        }

        var stored = (await system.Store.ReadStreamAsync(Stream, cancellationToken: CurrentTest.Cancellation)).Should().ContainSingle().Subject;
        (stored.Data, stored.Metadata["correlationId"]).Should().Be((new LessonCompleted("lesson-1"), "req-1"));
    }

    [Fact]
    public async Task A_retry_rebuilt_from_the_same_values_is_the_same_append()
    {
        // A client that lost the acknowledgement rebuilds its events from what it decided: new instances, equal values.
        await using var system = await EventStoreSystem.StartAsync(infrastructure, cancellationToken: CurrentTest.Cancellation);
        var eventId = Guid.NewGuid();
        NewEvent Rebuild() => new(new PaymentCaptured(4_999, "USD", "pay_1"), eventId, new Dictionary<string, string> { ["b"] = "2", ["a"] = "1" });
        await system.Store.AppendToStreamAsync(Stream, ExpectedVersion.NoStream, [Rebuild()], CurrentTest.Cancellation);

        var retry = await system.Store.AppendToStreamAsync(Stream, ExpectedVersion.NoStream, [Rebuild() with { Metadata = new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" } }], CurrentTest.Cancellation);

        retry.Outcome.Should().Be(AppendOutcome.AlreadyAppended, "the same values in another key order are the same content");
        (await system.CountEventsAsync()).Should().Be(1);
    }

    [Fact]
    public async Task Racing_copies_of_one_append_store_it_once_and_all_others_are_acknowledged_as_already_appended()
    {
        // The lost-acknowledgement retry racing the original (a client timeout shorter than the append).
        await using var system = await EventStoreSystem.StartAsync(infrastructure, cancellationToken: CurrentTest.Cancellation);
        NewEvent[] batch = [SampleEvents.Enrolled(), SampleEvents.Paid()];

        var results = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ =>
            Task.Run(() => system.Store.AppendToStreamAsync(Stream, ExpectedVersion.NoStream, batch, CurrentTest.Cancellation), CurrentTest.Cancellation)));

        results.Count(r => r.Outcome == AppendOutcome.Appended).Should().Be(1);
        results.Count(r => r.Outcome == AppendOutcome.AlreadyAppended).Should().Be(11);
        results.Select(r => (r.StreamVersion, r.FirstPosition, r.LastPosition)).Distinct().Should().ContainSingle();
        (await system.CountEventsAsync()).Should().Be(2);
    }
}
