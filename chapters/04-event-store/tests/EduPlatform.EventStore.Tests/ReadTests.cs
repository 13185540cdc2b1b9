using EduPlatform.Harness.Infrastructure;
using EduPlatform.Harness.Waiting;
using EduPlatform.EventStore.Testing;

namespace EduPlatform.EventStore.Tests;

public sealed class ReadTests(InfrastructureFixture infrastructure)
{
    private static readonly StreamId Stream = StreamId.Parse("enrollment-1");

    [Fact]
    public async Task A_stream_reads_forward_from_a_version_inclusive_with_a_limit()
    {
        await using var system = await EventStoreSystem.StartAsync(infrastructure, cancellationToken: CurrentTest.Cancellation);
        await system.Store.AppendToStreamAsync(Stream, ExpectedVersion.NoStream, SampleEvents.Lessons(10), CurrentTest.Cancellation);

        var page = await system.Store.ReadStreamAsync(Stream, ReadDirection.Forward, fromVersion: 4, maxCount: 3, CurrentTest.Cancellation);

        page.Select(e => e.StreamVersion).Should().Equal(4, 5, 6);
    }

    [Fact]
    public async Task A_stream_reads_backward_from_the_end_or_from_a_version()
    {
        await using var system = await EventStoreSystem.StartAsync(infrastructure, cancellationToken: CurrentTest.Cancellation);
        await system.Store.AppendToStreamAsync(Stream, ExpectedVersion.NoStream, SampleEvents.Lessons(10), CurrentTest.Cancellation);

        var lastThree = await system.Store.ReadStreamAsync(Stream, ReadDirection.Backward, StreamVersion.End, 3, CurrentTest.Cancellation);
        var fromFour = await system.Store.ReadStreamAsync(Stream, ReadDirection.Backward, 4, 100, CurrentTest.Cancellation);

        lastThree.Select(e => e.StreamVersion).Should().Equal(10, 9, 8);
        fromFour.Select(e => e.StreamVersion).Should().Equal(4, 3, 2, 1);
    }

    [Fact]
    public async Task An_unknown_stream_reads_as_empty_at_version_zero()
    {
        await using var system = await EventStoreSystem.StartAsync(infrastructure, cancellationToken: CurrentTest.Cancellation);

        (await system.Store.ReadStreamAsync(StreamId.Parse("enrollment-404"), cancellationToken: CurrentTest.Cancellation)).Should().BeEmpty();
        (await system.Store.ReadStreamVersionAsync(StreamId.Parse("enrollment-404"), CurrentTest.Cancellation)).Should().Be(0);
    }

    [Fact]
    public async Task All_events_read_in_pages_by_global_position_across_streams()
    {
        await using var system = await EventStoreSystem.StartAsync(infrastructure, cancellationToken: CurrentTest.Cancellation);
        for (var i = 0; i < 5; i++)
        {
            await system.Store.AppendToStreamAsync(StreamId.For("enrollment", i), ExpectedVersion.NoStream, SampleEvents.Lessons(3), CurrentTest.Cancellation);
        }

        var positions = new List<long>();
        var after = 0L;
        while (await system.Store.ReadAllForwardAsync(after, maxCount: 4, CurrentTest.Cancellation) is { Count: > 0 } page)
        {
            page.Count.Should().BeLessThanOrEqualTo(4);
            positions.AddRange(page.Select(e => e.GlobalPosition));
            after = page[^1].GlobalPosition;
        }

        positions.Should().Equal(Enumerable.Range(1, 15).Select(p => (long)p));
        (await system.Store.ReadHeadPositionAsync(CurrentTest.Cancellation)).Should().Be(15);
        (await system.Store.ReadStreamVersionAsync(StreamId.For("enrollment", 2), CurrentTest.Cancellation)).Should().Be(3);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(10_001)]
    public async Task A_read_count_outside_1_to_the_limit_is_refused(int maxCount)
    {
        await using var system = await EventStoreSystem.StartAsync(infrastructure, cancellationToken: CurrentTest.Cancellation);

        var read = () => system.Store.ReadAllForwardAsync(0, maxCount, CurrentTest.Cancellation);

        await read.Should().ThrowAsync<ArgumentOutOfRangeException>();
    }
}
