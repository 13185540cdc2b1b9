namespace EduPlatform.EventStore;

/// <summary>
/// Input the store refuses before writing anything: a caller's bug, not a race (races are
/// <see cref="AppendResult"/>s). Each subclass names one rule; the demo maps them to 4xx problem details.
/// </summary>
public abstract class EventStoreException : Exception
{
    protected EventStoreException(string message)
        : base(message)
    {
    }

    protected EventStoreException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
