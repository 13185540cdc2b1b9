namespace EduPlatform.EventStore;

public sealed class InvalidStreamIdException(string? streamId, string problem)
    : EventStoreException($"Invalid stream id: {problem}.")
{
    /// <summary>The rejected text, cut to a readable length (it may be hostile input).</summary>
    public string? StreamId { get; } = streamId is { Length: > 80 } ? streamId[..80] + "..." : streamId;

    public string Problem { get; } = problem;
}
