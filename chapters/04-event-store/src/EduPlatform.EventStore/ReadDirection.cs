namespace EduPlatform.EventStore;

public enum ReadDirection
{
    /// <summary>Oldest first: versions from the given one upwards.</summary>
    Forward,

    /// <summary>Newest first: versions from the given one downwards (use <see cref="StreamVersion.End"/> for "the last").</summary>
    Backward,
}
