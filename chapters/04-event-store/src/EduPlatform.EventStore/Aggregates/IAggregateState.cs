namespace EduPlatform.EventStore.Aggregates;

/// <summary>
/// The state of one stream, folded from its events: <c>Initial.Apply(e1).Apply(e2)...</c>.
/// Implement it on an immutable record; <see cref="AggregateRepository"/> loads it.
/// </summary>
public interface IAggregateState<TSelf>
    where TSelf : IAggregateState<TSelf>
{
    /// <summary>The state of a stream that has no events.</summary>
    static abstract TSelf Initial { get; }

    /// <summary>
    /// Names the snapshot format. Change it whenever the record's shape or <see cref="Apply"/> changes:
    /// snapshots under the old name are then ignored, and the state is folded from the events again.
    /// </summary>
    static abstract string SnapshotType { get; }

    /// <summary>The state after one more event. Events it does not care about return the state unchanged.</summary>
    TSelf Apply(object domainEvent);
}
