namespace EduPlatform.EventStore;

/// <summary>Limits that keep one append from hurting everyone else (the append lock is shared).</summary>
public sealed record EventStoreOptions
{
    /// <summary>Largest serialized data + metadata of one event, in UTF-8 bytes. Default 256 KiB.</summary>
    public int MaxEventSizeBytes { get; init; } = 256 * 1024;

    /// <summary>Most events in one append. Default 1,000.</summary>
    public int MaxEventsPerAppend { get; init; } = 1_000;

    /// <summary>Most events one read returns. Default 10,000.</summary>
    public int MaxReadCount { get; init; } = 10_000;
}
