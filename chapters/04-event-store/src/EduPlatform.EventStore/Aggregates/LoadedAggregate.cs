namespace EduPlatform.EventStore.Aggregates;

/// <summary>A stream's state as loaded, and what it took to load it.</summary>
/// <param name="Version">The stream version the state includes: pass <see cref="ExpectedVersion"/> when appending what you decided on it.</param>
/// <param name="SnapshotVersion">The version of the snapshot the fold started from, if one was used.</param>
/// <param name="EventsFolded">Events read and applied after the snapshot (all of them without one).</param>
public sealed record LoadedAggregate<TState>(StreamId Stream, TState State, long Version, long? SnapshotVersion, int EventsFolded)
{
    public ExpectedVersion ExpectedVersion => ExpectedVersion.Exactly(Version);
}
