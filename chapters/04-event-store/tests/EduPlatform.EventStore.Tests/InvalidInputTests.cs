using EduPlatform.Harness.Infrastructure;
using EduPlatform.Harness.Waiting;
using EduPlatform.EventStore.Testing;

namespace EduPlatform.EventStore.Tests;

/// <summary>Input the store refuses with a typed exception, before anything is written.</summary>
public sealed class InvalidInputTests(InfrastructureFixture infrastructure)
{
    private static readonly StreamId Stream = StreamId.Parse("enrollment-1");

    private sealed record NotRegistered(string Anything);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("$all")]
    [InlineData("enrollment 1")]
    [InlineData("enrollment/1")]
    [InlineData("enrollment-1'; DROP TABLE eventstore.events; --")]
    [InlineData("élève-1")]
    public void Invalid_stream_ids_are_refused_with_the_reason(string? text)
    {
        var parse = () => StreamId.Parse(text);

        parse.Should().Throw<InvalidStreamIdException>().Which.Problem.Should().NotBeNullOrWhiteSpace();
        StreamId.TryParse(text, out _).Should().BeFalse();
    }

    [Fact]
    public void A_stream_id_longer_than_200_characters_is_refused_and_200_is_accepted()
    {
        StreamId.TryParse(new string('a', 200), out _).Should().BeTrue();
        StreamId.TryParse(new string('a', 201), out _).Should().BeFalse();
        StreamId.For("enrollment", 42).Value.Should().Be("enrollment-42");
    }

    [Fact]
    public async Task An_unregistered_event_type_in_a_batch_writes_nothing()
    {
        await using var system = await EventStoreSystem.StartAsync(infrastructure, cancellationToken: CurrentTest.Cancellation);

        var append = () => system.Store.AppendToStreamAsync(Stream, ExpectedVersion.Any,
            [SampleEvents.Enrolled(), NewEvent.Create(new NotRegistered("x"))], CurrentTest.Cancellation);

        (await append.Should().ThrowAsync<UnknownEventTypeException>()).Which.EventType.Should().Contain(nameof(NotRegistered));
        (await system.CountEventsAsync()).Should().Be(0);
    }

    [Fact]
    public async Task An_event_over_the_size_limit_writes_nothing_and_one_at_the_limit_is_stored()
    {
        await using var system = await EventStoreSystem.StartAsync(infrastructure, new() { Options = new EventStoreOptions { MaxEventSizeBytes = 1_000 } }, CurrentTest.Cancellation);
        // {"lessonId":"..."} is 15 bytes around the id.
        var atLimit = NewEvent.Create(new Demo.Enrollments.LessonCompleted(new string('x', 1_000 - 15)));
        var overLimit = NewEvent.Create(new Demo.Enrollments.LessonCompleted(new string('x', 1_000 - 14)));

        var append = () => system.Store.AppendToStreamAsync(Stream, ExpectedVersion.Any, [SampleEvents.Enrolled(), overLimit], CurrentTest.Cancellation);

        var refused = (await append.Should().ThrowAsync<EventTooLargeException>()).Which;
        (refused.EventId, refused.SizeBytes, refused.MaxSizeBytes).Should().Be((overLimit.EventId, 1_001, 1_000));
        (await system.CountEventsAsync()).Should().Be(0);
        (await system.Store.AppendToStreamAsync(Stream, ExpectedVersion.Any, [atLimit], CurrentTest.Cancellation)).Outcome.Should().Be(AppendOutcome.Appended);
    }

    [Fact]
    public async Task Empty_batches_oversized_batches_and_duplicate_ids_within_a_batch_write_nothing()
    {
        await using var system = await EventStoreSystem.StartAsync(infrastructure, new() { Options = new EventStoreOptions { MaxEventsPerAppend = 5 } }, CurrentTest.Cancellation);
        var twice = SampleEvents.Lesson(1);

        var empty = () => system.Store.AppendToStreamAsync(Stream, ExpectedVersion.Any, [], CurrentTest.Cancellation);
        var tooMany = () => system.Store.AppendToStreamAsync(Stream, ExpectedVersion.Any, SampleEvents.Lessons(6), CurrentTest.Cancellation);
        var duplicate = () => system.Store.AppendToStreamAsync(Stream, ExpectedVersion.Any, [twice, SampleEvents.Lesson(2), twice], CurrentTest.Cancellation);
        var emptyId = () => system.Store.AppendToStreamAsync(Stream, ExpectedVersion.Any, [SampleEvents.Lesson(1) with { EventId = Guid.Empty }], CurrentTest.Cancellation);

        await empty.Should().ThrowAsync<InvalidAppendException>();
        await tooMany.Should().ThrowAsync<InvalidAppendException>();
        await duplicate.Should().ThrowAsync<InvalidAppendException>().WithMessage("*twice*");
        await emptyId.Should().ThrowAsync<InvalidAppendException>();
        (await system.CountEventsAsync()).Should().Be(0);
    }

    [Fact]
    public async Task A_NUL_character_in_data_or_metadata_is_refused_before_postgresql_and_writes_nothing()
    {
        await using var system = await EventStoreSystem.StartAsync(infrastructure, cancellationToken: CurrentTest.Cancellation);
        var inData = NewEvent.Create(new Demo.Enrollments.LessonCompleted("intro\0"));
        var inMetadataValue = SampleEvents.Lesson(1) with { Metadata = new Dictionary<string, string> { ["correlationId"] = "a\0b" } };
        var inMetadataKey = SampleEvents.Lesson(2) with { Metadata = new Dictionary<string, string> { ["\0"] = "x" } };

        foreach (var (poisoned, part) in new[] { (inData, "data"), (inMetadataValue, "metadata"), (inMetadataKey, "metadata") })
        {
            var append = () => system.Store.AppendToStreamAsync(Stream, ExpectedVersion.Any, [SampleEvents.Enrolled(), poisoned], CurrentTest.Cancellation);

            var refused = (await append.Should().ThrowAsync<NulCharacterException>()).Which;
            (refused.EventId, refused.Part).Should().Be((poisoned.EventId, part));
        }

        (await system.CountEventsAsync()).Should().Be(0);
    }

    [Fact]
    public async Task A_backslash_followed_by_u0000_is_text_not_a_NUL_and_is_stored_as_sent()
    {
        await using var system = await EventStoreSystem.StartAsync(infrastructure, cancellationToken: CurrentTest.Cancellation);
        // Text that looks like the escape of a NUL: JSON writes it with its backslashes escaped ("C:\\u0000\\\\u0000").
        var lookAlike = NewEvent.Create(new Demo.Enrollments.LessonCompleted(@"C:\u0000\\u0000"));

        await system.Store.AppendToStreamAsync(Stream, ExpectedVersion.Any, [lookAlike], CurrentTest.Cancellation);

        var stored = await system.Store.ReadStreamAsync(Stream, cancellationToken: CurrentTest.Cancellation);
        ((Demo.Enrollments.LessonCompleted)stored.Single().Data).LessonId.Should().Be(@"C:\u0000\\u0000");
    }

    [Fact]
    public async Task A_stored_event_of_an_unknown_type_fails_the_read_loudly_instead_of_being_skipped()
    {
        await using var system = await EventStoreSystem.StartAsync(infrastructure, cancellationToken: CurrentTest.Cancellation);
        await system.PlantFirstEventAsync("course-archived", "{}");

        var read = () => system.Store.ReadAllForwardAsync(0, cancellationToken: CurrentTest.Cancellation);

        (await read.Should().ThrowAsync<UnknownEventTypeException>()).Which.EventType.Should().Be("course-archived");
    }
}
