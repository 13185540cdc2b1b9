using EduPlatform.Harness.Infrastructure;
using EduPlatform.Harness.Waiting;
using EduPlatform.EventStore.Testing;

namespace EduPlatform.EventStore.Tests;

/// <summary>Appending with each kind of expected version, against a stream that does or does not exist.</summary>
public sealed class AppendTests(InfrastructureFixture infrastructure)
{
    private static readonly StreamId Stream = StreamId.Parse("enrollment-1");

    [Fact]
    public async Task The_first_append_creates_the_stream_at_version_one_per_event_and_global_positions_from_one()
    {
        await using var system = await EventStoreSystem.StartAsync(infrastructure, cancellationToken: CurrentTest.Cancellation);

        var result = await system.Store.AppendToStreamAsync(Stream, ExpectedVersion.NoStream, [SampleEvents.Enrolled(), SampleEvents.Paid()], CurrentTest.Cancellation);

        result.Outcome.Should().Be(AppendOutcome.Appended);
        result.StreamVersion.Should().Be(2);
        (result.FirstPosition, result.LastPosition).Should().Be((1L, 2L));
        var stored = await system.Store.ReadStreamAsync(Stream, cancellationToken: CurrentTest.Cancellation);
        stored.Select(e => (e.StreamVersion, e.GlobalPosition)).Should().Equal((1, 1), (2, 2));
    }

    [Theory]
    [InlineData("no-stream", true)]
    [InlineData("any", true)]
    [InlineData("0", true)]
    [InlineData("stream-exists", false)]
    [InlineData("1", false)]
    public async Task Against_a_stream_that_does_not_exist(string expected, bool succeeds)
    {
        await using var system = await EventStoreSystem.StartAsync(infrastructure, cancellationToken: CurrentTest.Cancellation);
        ExpectedVersion.TryParse(expected, out var expectedVersion).Should().BeTrue();

        var result = await system.Store.AppendToStreamAsync(Stream, expectedVersion, [SampleEvents.Enrolled()], CurrentTest.Cancellation);

        result.Outcome.Should().Be(succeeds ? AppendOutcome.Appended : AppendOutcome.WrongExpectedVersion);
        result.StreamVersion.Should().Be(succeeds ? 1 : 0);
        (await system.CountEventsAsync()).Should().Be(succeeds ? 1 : 0);
    }

    [Theory]
    [InlineData("no-stream", false)]
    [InlineData("any", true)]
    [InlineData("stream-exists", true)]
    [InlineData("2", true)]
    [InlineData("1", false)]
    [InlineData("3", false)]
    public async Task Against_a_stream_at_version_two(string expected, bool succeeds)
    {
        await using var system = await EventStoreSystem.StartAsync(infrastructure, cancellationToken: CurrentTest.Cancellation);
        await system.Store.AppendToStreamAsync(Stream, ExpectedVersion.NoStream, [SampleEvents.Enrolled(), SampleEvents.Paid()], CurrentTest.Cancellation);
        ExpectedVersion.TryParse(expected, out var expectedVersion).Should().BeTrue();

        var result = await system.Store.AppendToStreamAsync(Stream, expectedVersion, [SampleEvents.Lesson(1)], CurrentTest.Cancellation);

        result.Outcome.Should().Be(succeeds ? AppendOutcome.Appended : AppendOutcome.WrongExpectedVersion);
        result.StreamVersion.Should().Be(succeeds ? 3 : 2, "a conflict reports the actual version so the caller can re-read from there");
        (await system.CountEventsAsync()).Should().Be(succeeds ? 3 : 2, "a failed append writes nothing");
    }

    [Fact]
    public async Task Streams_have_their_own_versions_but_share_one_global_order()
    {
        await using var system = await EventStoreSystem.StartAsync(infrastructure, cancellationToken: CurrentTest.Cancellation);
        var first = StreamId.Parse("enrollment-a");
        var second = StreamId.Parse("enrollment-b");

        await system.Store.AppendToStreamAsync(first, ExpectedVersion.NoStream, [SampleEvents.Enrolled()], CurrentTest.Cancellation);
        await system.Store.AppendToStreamAsync(second, ExpectedVersion.NoStream, [SampleEvents.Enrolled()], CurrentTest.Cancellation);
        var third = await system.Store.AppendToStreamAsync(first, ExpectedVersion.Exactly(1), [SampleEvents.Paid()], CurrentTest.Cancellation);

        third.StreamVersion.Should().Be(2);
        third.FirstPosition.Should().Be(3);
        var all = await system.Store.ReadAllForwardAsync(0, cancellationToken: CurrentTest.Cancellation);
        all.Select(e => (e.StreamId.Value, e.StreamVersion, e.GlobalPosition))
            .Should().Equal(("enrollment-a", 1, 1), ("enrollment-b", 1, 2), ("enrollment-a", 2, 3));
    }

    [Fact]
    public async Task A_batch_is_stored_whole_with_its_data_metadata_and_order()
    {
        await using var system = await EventStoreSystem.StartAsync(infrastructure, cancellationToken: CurrentTest.Cancellation);
        var metadata = new Dictionary<string, string> { ["correlationId"] = "req-7", ["userId"] = "student-3" };
        NewEvent[] batch = [SampleEvents.Enrolled("databases-201"), SampleEvents.Paid(12_345) with { Metadata = metadata }, .. SampleEvents.Lessons(3)];

        await system.Store.AppendToStreamAsync(Stream, ExpectedVersion.Any, batch, CurrentTest.Cancellation);

        var stored = await system.Store.ReadStreamAsync(Stream, cancellationToken: CurrentTest.Cancellation);
        stored.Select(e => e.EventId).Should().Equal(batch.Select(e => e.EventId));
        stored.Select(e => e.Data).Should().Equal(batch.Select(e => e.Data));
        stored[0].EventType.Should().Be("student-enrolled");
        stored[1].Metadata.Should().Equal(metadata);
        stored[0].Metadata.Should().BeEmpty();
        stored.Should().OnlyContain(e => e.RecordedAt > DateTimeOffset.UtcNow.AddMinutes(-5));
    }
}
