namespace EduPlatform.EventStore.Aggregates;

/// <summary>
/// Loads a stream's state by folding its events (<see cref="IAggregateState{TSelf}.Apply"/>), starting
/// from the latest snapshot when there is one, and appends what was decided on that state with the
/// loaded version as the expected version.
/// </summary>
/// <param name="snapshotEvery">
/// Take a snapshot when a load had to fold at least this many events (default 100); 0 never snapshots.
/// </param>
public sealed class AggregateRepository(PostgresEventStore store, SnapshotStore snapshots, int snapshotEvery = 100)
{
    private const int PageSize = 1_000;

    public async Task<LoadedAggregate<TState>> LoadAsync<TState>(StreamId stream, CancellationToken cancellationToken = default)
        where TState : IAggregateState<TState>
    {
        var snapshot = await snapshots.LoadAsync<TState>(stream, TState.SnapshotType, cancellationToken);
        var (state, version) = snapshot ?? (TState.Initial, 0);
        var folded = 0;
        while (true)
        {
            var page = await store.ReadStreamAsync(stream, ReadDirection.Forward, version + 1, PageSize, cancellationToken);
            foreach (var recorded in page)
            {
                state = state.Apply(recorded.Data);
                version = recorded.StreamVersion;
                folded++;
            }

            if (page.Count < PageSize)
            {
                break;
            }
        }

        if (snapshotEvery > 0 && folded >= snapshotEvery)
        {
            await snapshots.SaveAsync(stream, TState.SnapshotType, version, state, cancellationToken);
        }

        return new LoadedAggregate<TState>(stream, state, version, snapshot?.Version, folded);
    }

    /// <summary>
    /// Appends events decided on <paramref name="loaded"/>; <see cref="AppendOutcome.WrongExpectedVersion"/>
    /// means the stream moved on since the load: load again, decide again.
    /// </summary>
    public Task<AppendResult> AppendAsync<TState>(
        LoadedAggregate<TState> loaded, IReadOnlyList<NewEvent> events, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(loaded);
        return store.AppendToStreamAsync(loaded.Stream, loaded.ExpectedVersion, events, cancellationToken);
    }
}
