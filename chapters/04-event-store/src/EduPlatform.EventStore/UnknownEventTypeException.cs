namespace EduPlatform.EventStore;

/// <summary>An event type (a CLR type on append, a stored name on read) the <see cref="EventTypeRegistry"/> does not know.</summary>
public sealed class UnknownEventTypeException : EventStoreException
{
    public UnknownEventTypeException(string eventType)
        : base($"Unknown event type '{eventType}': register it with EventTypeRegistry.Register<T>(name).")
    {
        EventType = eventType;
    }

    public string EventType { get; }
}
