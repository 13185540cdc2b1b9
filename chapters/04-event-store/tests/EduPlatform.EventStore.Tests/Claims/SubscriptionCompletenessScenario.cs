using System.Collections.Concurrent;
using System.Diagnostics;
using EduPlatform.EventStore.Demo.Enrollments;
using EduPlatform.EventStore.Subscriptions;
using Npgsql;

namespace EduPlatform.EventStore.Tests.Claims;

/// <summary>
/// Claim "subscription completeness": writers append concurrently over 100 streams while a catch-up
/// subscription feeds an idempotent projection, and the subscription is killed and restarted mid-run
/// (cancelled wherever it is, mid-page included). Holds when the projection applied every acknowledged
/// event exactly once, in global order, with no gap; redeliveries after a restart are counted and
/// must all be absorbed by the handler's idempotency.
/// </summary>
public sealed class SubscriptionCompletenessScenario(NpgsqlDataSource dataSource, PostgresEventStore store)
{
    public async Task<ClaimResult> RunAsync(int writers, int appendsPerWriter, int restarts, CancellationToken cancellationToken)
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var table = $"claim_projection_{run}";
        await ExecuteAsync($"CREATE TABLE {table} (global_position bigint PRIMARY KEY, event_id uuid NOT NULL)", cancellationToken);
        var violations = new ConcurrentQueue<string>();
        var acknowledged = new ConcurrentBag<Guid>();
        var expectedEvents = writers * Enumerable.Range(0, appendsPerWriter).Sum(BatchSize);
        var clock = Stopwatch.StartNew();

        var writing = Task.WhenAll(Enumerable.Range(0, writers).Select(writer => Task.Run(async () =>
        {
            for (var i = 0; i < appendsPerWriter; i++)
            {
                NewEvent[] batch = [.. Enumerable.Range(0, BatchSize(i)).Select(n => NewEvent.Create(new LessonCompleted($"lesson-{n}")))];
                var stream = StreamId.For("claim-enrollment", $"{run}-{(writer * appendsPerWriter + i) % 100}");
                var result = await store.AppendToStreamAsync(stream, ExpectedVersion.Any, batch, cancellationToken);
                if (result.Outcome != AppendOutcome.Appended)
                {
                    violations.Enqueue($"an append to {stream} ended {result.Outcome}");
                }

                foreach (var e in batch)
                {
                    acknowledged.Add(e.EventId);
                }
            }
        }, cancellationToken)));

        // The projection's state lives in its table; lastApplied is re-read from it at every (re)start,
        // as a restarted process would.
        long lastApplied = 0, deliveries = 0, redeliveries = 0;
        async Task ProjectAsync(RecordedEvent recorded, CancellationToken token)
        {
            Interlocked.Increment(ref deliveries);
            if (recorded.GlobalPosition <= lastApplied)
            {
                Interlocked.Increment(ref redeliveries);
                return;
            }

            if (recorded.GlobalPosition != lastApplied + 1)
            {
                violations.Enqueue($"gap: position {recorded.GlobalPosition} delivered after {lastApplied}");
            }

            await using var insert = dataSource.CreateCommand($"INSERT INTO {table} VALUES ($1, $2) ON CONFLICT DO NOTHING");
            insert.Parameters.Add(new NpgsqlParameter<long> { TypedValue = recorded.GlobalPosition });
            insert.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = recorded.EventId });
            await insert.ExecuteNonQueryAsync(token);
            lastApplied = recorded.GlobalPosition;
        }

        var options = new CatchUpSubscriptionOptions { BatchSize = 100, PollInterval = TimeSpan.FromMilliseconds(250) };
        for (var attempt = 0; attempt <= restarts; attempt++)
        {
            lastApplied = await ScalarAsync($"SELECT coalesce(max(global_position), 0) FROM {table}", cancellationToken);
            using var crash = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var subscription = new CatchUpSubscription($"claim-{run}", dataSource, store, ProjectAsync, options);
            var running = subscription.RunAsync(crash.Token);
            // Restart k happens once about k/(restarts+1) of the events are applied; the last run goes to the end.
            var target = attempt < restarts ? expectedEvents * (attempt + 1) / (restarts + 1) : expectedEvents;
            while (Interlocked.Read(ref lastApplied) < target && !running.IsCompleted && clock.Elapsed < TimeSpan.FromMinutes(2))
            {
                await Task.Delay(5, cancellationToken);
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

        await writing;
        var elapsed = clock.Elapsed;
        var applied = await ReadAppliedAsync(table, cancellationToken);
        if (!applied.Select(a => a.Position).SequenceEqual(Enumerable.Range(1, applied.Count).Select(p => (long)p)))
        {
            violations.Enqueue("the projection's positions are not exactly 1..n");
        }

        if (applied.Count != expectedEvents || !applied.Select(a => a.EventId).ToHashSet().SetEquals(acknowledged))
        {
            violations.Enqueue($"the projection applied {applied.Count} events; {acknowledged.Count} were acknowledged ({expectedEvents} expected)");
        }

        return new ClaimResult("subscription completeness", [.. violations], new Dictionary<string, double>
        {
            ["writers"] = writers,
            ["events"] = applied.Count,
            ["restarts"] = restarts,
            ["deliveries"] = deliveries,
            ["redeliveries absorbed"] = redeliveries,
            ["seconds"] = elapsed.TotalSeconds,
        });
    }

    // 1, 2 or 3 events per append: positions are taken in blocks, as in real use.
    private static int BatchSize(int append) => 1 + (append % 3);

    private async Task<List<(long Position, Guid EventId)>> ReadAppliedAsync(string table, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT global_position, event_id FROM {table} ORDER BY global_position");
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
