namespace EduPlatform.EventStore;

public enum AppendOutcome
{
    /// <summary>The events were stored by this call.</summary>
    Appended,

    /// <summary>
    /// Every event id of the batch was stored before, in this stream, in this order, with a matching
    /// expected version: a retry after a lost acknowledgement. Nothing was written again.
    /// </summary>
    AlreadyAppended,

    /// <summary>The stream's version is not the expected one. Nothing was written; retry after re-reading.</summary>
    WrongExpectedVersion,

    /// <summary>Some event ids are stored already, but not as this batch (another stream, order, or a partial overlap). Nothing was written.</summary>
    EventIdsReused,
}
