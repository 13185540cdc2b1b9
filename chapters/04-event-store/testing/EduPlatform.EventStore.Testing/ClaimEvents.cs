namespace EduPlatform.EventStore.Testing;

/// <summary>The event the claims write: who wrote it and its place in that writer's sequence.</summary>
public sealed record WorkDone(string Writer, int Sequence);

/// <summary>The claims' one event type, the system they start (<see cref="EventStoreSystem"/> knowing that type), their batches.</summary>
public static class ClaimStores
{
    public static EventStoreSettings Settings { get; } = new() { Types = Types };

    public static EventTypeRegistry Types() => new EventTypeRegistry().Register<WorkDone>("work-done");

    public static NewEvent[] Batch(string writer, int sequence, int size) =>
        [.. Enumerable.Range(0, size).Select(n => NewEvent.Create(new WorkDone(writer, sequence * 100 + n)))];
}
