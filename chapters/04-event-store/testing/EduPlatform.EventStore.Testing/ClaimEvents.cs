namespace EduPlatform.EventStore.Testing;

/// <summary>The event the claims write: who wrote it and its place in that writer's sequence.</summary>
public sealed record WorkDone(string Writer, int Sequence);

/// <summary>A store on a database with the event store's schema, knowing the claims' one event type.</summary>
public static class ClaimStores
{
    public static EventTypeRegistry Types() => new EventTypeRegistry().Register<WorkDone>("work-done");

    public static NewEvent[] Batch(string writer, int sequence, int size) =>
        [.. Enumerable.Range(0, size).Select(n => NewEvent.Create(new WorkDone(writer, sequence * 100 + n)))];
}
