namespace EduPlatform.EventStore;

/// <summary>A batch the store will not append: empty, too many events, or one event id twice.</summary>
public sealed class InvalidAppendException(string message) : EventStoreException(message);
