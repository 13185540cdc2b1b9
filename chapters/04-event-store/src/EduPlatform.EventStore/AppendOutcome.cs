namespace EduPlatform.EventStore;

public enum AppendOutcome
{
    /// <summary>The events were stored by this call.</summary>
    Appended,

    /// <summary>
    /// Every event id of the batch was stored before, in this stream, in this order, with the same type,
    /// data and metadata, and the expected version matches: a retry after a lost acknowledgement.
    /// Nothing was written again.
    /// </summary>
    AlreadyAppended,

    /// <summary>The stream's version is not the expected one. Nothing was written; retry after re-reading.</summary>
    WrongExpectedVersion,

    /// <summary>
    /// Some event ids are stored already, but not as this batch (another stream, order or content, or a partial
    /// overlap): an id reused for a different event. Nothing was written.
    /// </summary>
    EventIdsReused,
}
