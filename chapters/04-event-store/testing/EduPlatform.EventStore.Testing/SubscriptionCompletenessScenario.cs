using System.Collections.Concurrent;
using System.Diagnostics;
using EduPlatform.EventStore.Subscriptions;
using Npgsql;

namespace EduPlatform.EventStore.Testing;

/// <summary>
/// Claim "subscription completeness": writers append concurrently over 100 streams while a catch-up
/// subscription feeds an idempotent projection, and the subscription is killed and restarted mid-run
/// (cancelled wherever it is, mid-page included). Holds when the projection applied every
/// acknowledged event exactly once, in global order, with no gap; redeliveries after a restart are
/// counted and must all be absorbed by the handler's idempotency.
/// </summary>
/// <remarks>
/// <see cref="InitializeAsync"/>, then writers call <see cref="AppendAsync"/> (tasks in the tests,
/// the load engine in `prove`) while <see cref="RunProjectionAsync"/> runs, then <see cref="VerifyAsync"/>.
/// </remarks>
public sealed class SubscriptionCompletenessScenario(NpgsqlDataSource dataSource, PostgresEventStore store)
{
    private readonly string _run = Guid.NewGuid().ToString("N")[..8];
    private readonly ConcurrentBag<Guid> _acknowledged = [];
    private readonly ConcurrentQueue<string> _violations = new();
    private long _lastApplied;
    private long _deliveries;
    private long _redeliveries;
    private int _restarts;

    private string Table => $"claim_projection_{_run}";

    public async Task InitializeAsync(CancellationToken cancellationToken) =>
        await ExecuteAsync($"CREATE TABLE {Table} (global_position bigint PRIMARY KEY, event_id uuid NOT NULL)", cancellationToken);

    /// <summary>One append of 1-3 events (positions are taken in blocks, as in real use) to one of 100 streams.</summary>
    public async Task AppendAsync(string writer, int sequence, CancellationToken cancellationToken)
    {
        var batch = ClaimStores.Batch(writer, sequence, 1 + (sequence % 3));
        var stream = StreamId.For("claim-enrollment", $"{_run}-{(uint)HashCode.Combine(writer, sequence) % 100}");
        var result = await store.AppendToStreamAsync(stream, ExpectedVersion.Any, batch, cancellationToken);
        if (result.Outcome != AppendOutcome.Appended)
        {
            _violations.Enqueue($"an append to {stream} ended {result.Outcome}");
            return;
        }

        foreach (var e in batch)
        {
            _acknowledged.Add(e.EventId);
        }
    }

    /// <summary>
    /// Runs the projection's subscription, "crashing" it (cancelling it wherever it is) every
    /// <paramref name="restartEvery"/>, <paramref name="restarts"/> times, and a last instance until
    /// the writers are done and everything committed is applied.
    /// </summary>
    public async Task RunProjectionAsync(
        int restarts, TimeSpan restartEvery, Task writersDone, CancellationToken cancellationToken, Action<int>? restarted = null)
    {
        var options = new CatchUpSubscriptionOptions { BatchSize = 100, PollInterval = TimeSpan.FromMilliseconds(250) };
        for (var attempt = 0; attempt <= restarts; attempt++)
        {
            // The projection's state lives in its table: a restarted process re-reads where it is.
            Interlocked.Exchange(ref _lastApplied, await ScalarAsync($"SELECT coalesce(max(global_position), 0) FROM {Table}", cancellationToken));
            using var crash = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var subscription = new CatchUpSubscription($"claim-{_run}", dataSource, store, ProjectAsync, options);
            var running = subscription.RunAsync(crash.Token);
            if (attempt < restarts)
            {
                await Task.WhenAny(running, Task.Delay(restartEvery, cancellationToken));
                _restarts++;
                restarted?.Invoke(_restarts);
            }
            else
            {
                await Task.WhenAny(running, writersDone);
                var head = await store.ReadHeadPositionAsync(cancellationToken);
                while (!running.IsCompleted && Interlocked.Read(ref _lastApplied) < head)
                {
                    await Task.Delay(10, cancellationToken);
                }
            }

            await crash.CancelAsync();
            try
            {
                await running;
            }
            catch (OperationCanceledException) when (crash.IsCancellationRequested)
            {
                // the "crash": wherever it was, mid-page included
            }
        }
    }

    /// <summary>The standalone driver: <paramref name="writers"/> tasks appending while the projection restarts.</summary>
    public async Task<ClaimVerification> RunAsync(int writers, int appendsPerWriter, int restarts, CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken);
        var clock = Stopwatch.StartNew();
        var writing = Task.WhenAll(Enumerable.Range(0, writers).Select(writer => Task.Run(async () =>
        {
            for (var i = 0; i < appendsPerWriter; i++)
            {
                await AppendAsync($"writer-{writer}", i, cancellationToken);
            }
        }, cancellationToken)));
        await RunProjectionAsync(restarts, TimeSpan.FromMilliseconds(300), writing, cancellationToken);
        await writing;
        return await VerifyAsync(clock.Elapsed, cancellationToken);
    }

    public async Task<ClaimVerification> VerifyAsync(TimeSpan elapsed, CancellationToken cancellationToken)
    {
        var violations = new List<string>(_violations);
        var applied = await ReadAppliedAsync(cancellationToken);
        if (!applied.Select(a => a.Position).SequenceEqual(Enumerable.Range(1, applied.Count).Select(p => (long)p)))
        {
            violations.Add("the projection's positions are not exactly 1..n");
        }

        if (!applied.Select(a => a.EventId).ToHashSet().SetEquals(_acknowledged) || applied.Count != _acknowledged.Count)
        {
            violations.Add($"the projection applied {applied.Count} events; {_acknowledged.Count} were acknowledged");
        }

        if (_restarts == 0)
        {
            violations.Add("the subscription was never restarted: the run did not test resumption");
        }

        return new ClaimVerification("subscription completeness", violations, new Dictionary<string, double>
        {
            ["events"] = applied.Count,
            ["restarts"] = _restarts,
            ["deliveries"] = Interlocked.Read(ref _deliveries),
            ["redeliveries absorbed"] = Interlocked.Read(ref _redeliveries),
            ["seconds"] = elapsed.TotalSeconds,
        });
    }

    private async Task ProjectAsync(RecordedEvent recorded, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _deliveries);
        var lastApplied = Interlocked.Read(ref _lastApplied);
        if (recorded.GlobalPosition <= lastApplied)
        {
            Interlocked.Increment(ref _redeliveries);
            return;
        }

        if (recorded.GlobalPosition != lastApplied + 1)
        {
            _violations.Enqueue($"gap: position {recorded.GlobalPosition} delivered after {lastApplied}");
        }

        await using var insert = dataSource.CreateCommand($"INSERT INTO {Table} VALUES ($1, $2) ON CONFLICT DO NOTHING");
        insert.Parameters.Add(new NpgsqlParameter<long> { TypedValue = recorded.GlobalPosition });
        insert.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = recorded.EventId });
        await insert.ExecuteNonQueryAsync(cancellationToken);
        Interlocked.Exchange(ref _lastApplied, recorded.GlobalPosition);
    }

    private async Task<List<(long Position, Guid EventId)>> ReadAppliedAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT global_position, event_id FROM {Table} ORDER BY global_position");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var applied = new List<(long, Guid)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            applied.Add((reader.GetInt64(0), reader.GetGuid(1)));
        }

        return applied;
    }

    private async Task ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task<long> ScalarAsync(string sql, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(sql);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
