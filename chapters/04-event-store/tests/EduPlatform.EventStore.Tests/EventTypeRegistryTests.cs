using System.Text.Json;
using EduPlatform.EventStore.Demo.Enrollments;
using EduPlatform.Harness.Infrastructure;
using EduPlatform.Harness.Waiting;
using EduPlatform.EventStore.Testing;

namespace EduPlatform.EventStore.Tests;

/// <summary>Stored names, JSON, and reading events written by an older version of the code.</summary>
public sealed class EventTypeRegistryTests(InfrastructureFixture infrastructure)
{
    [Fact]
    public async Task Events_are_stored_as_camel_case_json_under_their_registered_name()
    {
        await using var system = await EventStoreSystem.StartAsync(infrastructure, cancellationToken: CurrentTest.Cancellation);
        await system.Store.AppendToStreamAsync(StreamId.Parse("enrollment-1"), ExpectedVersion.NoStream,
            [NewEvent.Create(new PaymentCaptured(4_999, "USD", "pay_1"))], CurrentTest.Cancellation);

        (await system.ScalarAsync<string>("SELECT event_type FROM eventstore.events")).Should().Be("payment-captured.v2");
        (await system.ScalarAsync<long>("SELECT (data->>'amountCents')::bigint FROM eventstore.events")).Should().Be(4_999);
    }

    [Fact]
    public async Task An_event_stored_in_its_old_version_is_read_upcast_to_the_current_type()
    {
        await using var system = await EventStoreSystem.StartAsync(infrastructure, cancellationToken: CurrentTest.Cancellation);
        // Written in 2023 by the monolith's successor, before amounts became integer cents.
        await system.PlantFirstEventAsync("payment-captured.v1", """{"amount": 49.99, "reference": "pay_old"}""");

        var read = await system.Store.ReadStreamAsync(StreamId.Parse("enrollment-1"), cancellationToken: CurrentTest.Cancellation);

        read.Should().ContainSingle().Which.Data.Should().Be(new PaymentCaptured(4_999, "USD", "pay_old"));
        read[0].EventType.Should().Be("payment-captured.v2");
        (await system.ScalarAsync<string>("SELECT event_type FROM eventstore.events")).Should().Be("payment-captured.v1", "upcasting happens on read; history is never rewritten");
    }

    [Fact]
    public void Upcasters_chain_and_a_cycle_is_reported_instead_of_looping()
    {
        var registry = new EventTypeRegistry()
            .Register<LessonCompleted>("lesson-completed.v3")
            .Upcast("lesson-completed.v1", "lesson-completed.v2", v1 => new() { ["lesson"] = v1["id"]!.GetValue<string>() })
            .Upcast("lesson-completed.v2", "lesson-completed.v3", v2 => new() { ["lessonId"] = v2["lesson"]!.GetValue<string>() });
        var cyclic = new EventTypeRegistry().Upcast("a.v1", "a.v2", json => json).Upcast("a.v2", "a.v1", json => json);

        registry.Deserialize("lesson-completed.v1", """{"id": "intro"}""").Should().Be(("lesson-completed.v3", new LessonCompleted("intro")));
        cyclic.Invoking(r => r.Deserialize("a.v1", "{}")).Should().Throw<InvalidOperationException>().WithMessage("*cycle*");
    }

    [Fact]
    public void A_name_or_type_can_be_registered_once_and_an_upcaster_cannot_shadow_a_current_name()
    {
        var registry = new EventTypeRegistry().Register<LessonCompleted>("lesson-completed");

        registry.Invoking(r => r.Register<EnrollmentCancelled>("lesson-completed")).Should().Throw<ArgumentException>();
        registry.Invoking(r => r.Register<LessonCompleted>("lesson-done")).Should().Throw<ArgumentException>();
        registry.Invoking(r => r.Upcast("lesson-completed", "x", j => j)).Should().Throw<ArgumentException>();
        registry.Invoking(r => r.TypeOf("lesson-done")).Should().Throw<UnknownEventTypeException>();
    }

    [Fact]
    public void With_the_demo_options_json_missing_a_required_field_is_refused_not_read_as_null()
    {
        var registry = EnrollmentEventTypes.Create();

        registry.Invoking(r => r.Deserialize("student-enrolled", """{"studentId": "6f1c1a52-3f55-4c28-8d84-7b7c5a1e9b10"}"""))
            .Should().Throw<JsonException>();
    }
}
