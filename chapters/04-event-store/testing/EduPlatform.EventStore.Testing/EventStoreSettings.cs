using EduPlatform.EventStore.Demo.Enrollments;

namespace EduPlatform.EventStore.Testing;

/// <summary>How to start the chapter's system (<see cref="EventStoreSystem.StartAsync"/>). Every option has a default.</summary>
public sealed record EventStoreSettings
{
    /// <summary>The event types the system's <see cref="EventStoreSystem.Store"/> knows. Default: the demo's enrollment events.</summary>
    public Func<EventTypeRegistry> Types { get; init; } = EnrollmentEventTypes.Create;

    /// <summary>The limits of the system's store. Default: <see cref="EventStoreOptions"/>' own (256 KiB an event, 1,000 events an append).</summary>
    public EventStoreOptions Options { get; init; } = new();

    /// <summary>
    /// Also start the demo HTTP API (src/EduPlatform.EventStore.Demo, with its own limits: 64 KiB an event, 100 events
    /// an append, 1 MiB a body) on a real Kestrel port, on the same database. Default: no.
    /// </summary>
    public bool Demo { get; init; }
}
