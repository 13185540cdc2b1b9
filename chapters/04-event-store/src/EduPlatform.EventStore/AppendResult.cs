namespace EduPlatform.EventStore;

/// <summary>
/// How an append ended. Only <see cref="AppendOutcome.Appended"/> wrote anything;
/// <see cref="AppendOutcome.AlreadyAppended"/> acknowledges a retry of an append that had succeeded;
/// the two failures wrote nothing. Invalid input (stream id, event type, size) is not a result but an
/// <see cref="EventStoreException"/>: it is a bug in the caller, not a race to retry.
/// </summary>
public sealed record AppendResult
{
    private AppendResult(AppendOutcome outcome, long streamVersion, long? firstPosition, long? lastPosition)
    {
        Outcome = outcome;
        StreamVersion = streamVersion;
        FirstPosition = firstPosition;
        LastPosition = lastPosition;
    }

    public AppendOutcome Outcome { get; }

    /// <summary>
    /// After a success: the stream's version including these events (pass it as the next expected
    /// version). After a failure: the stream's actual version now.
    /// </summary>
    public long StreamVersion { get; }

    /// <summary>Global position of the first event of the batch (successes only).</summary>
    public long? FirstPosition { get; }

    /// <summary>Global position of the last event of the batch (successes only).</summary>
    public long? LastPosition { get; }

    /// <summary>The events are stored: just now, or by an earlier attempt of this same append.</summary>
    public bool IsSuccess => Outcome is AppendOutcome.Appended or AppendOutcome.AlreadyAppended;

    public static AppendResult Appended(long streamVersion, long firstPosition, long lastPosition) =>
        new(AppendOutcome.Appended, streamVersion, firstPosition, lastPosition);

    public static AppendResult AlreadyAppended(long streamVersion, long firstPosition, long lastPosition) =>
        new(AppendOutcome.AlreadyAppended, streamVersion, firstPosition, lastPosition);

    /// <summary>Someone else appended first: re-read the stream, decide again, retry.</summary>
    public static AppendResult WrongExpectedVersion(long actualVersion) =>
        new(AppendOutcome.WrongExpectedVersion, actualVersion, null, null);

    /// <summary>Some event ids are stored already, but not as this same batch: retrying will not help.</summary>
    public static AppendResult EventIdsReused(long actualVersion) =>
        new(AppendOutcome.EventIdsReused, actualVersion, null, null);
}
