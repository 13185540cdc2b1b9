namespace EduPlatform.EventStore;

/// <summary>Where to start reading a stream.</summary>
public static class StreamVersion
{
    /// <summary>The first event of a stream.</summary>
    public const long Start = 1;

    /// <summary>The last event of a stream, whatever its version (for backward reads).</summary>
    public const long End = long.MaxValue;
}
