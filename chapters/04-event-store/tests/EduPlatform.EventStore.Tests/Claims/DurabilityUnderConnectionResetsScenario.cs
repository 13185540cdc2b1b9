using System.Collections.Concurrent;
using System.Diagnostics;
using EduPlatform.EventStore.Demo.Enrollments;
using EduPlatform.Harness.Faults;
using Npgsql;

namespace EduPlatform.EventStore.Tests.Claims;

/// <summary>
/// Claim "durability": writers append through the harness's TCP fault proxy while it resets every
/// open connection (RST both ways) again and again, so appends die mid-flight: before the server got
/// them, while it ran them, or after it committed but before the answer arrived. Holds when every
/// acknowledged event is stored, and every unacknowledged batch is stored entirely (at consecutive
/// versions of its stream) or not at all; re-sending the unacknowledged batches with the same ids
/// then stores each exactly once (the lost-acknowledgement retry).
/// </summary>
public sealed class DurabilityUnderConnectionResetsScenario(string connectionString, EventTypeRegistry types)
{
    public async Task<ClaimResult> RunAsync(int writers, int appendsPerWriter, TimeSpan resetEvery, CancellationToken cancellationToken)
    {
        var direct = new NpgsqlConnectionStringBuilder(connectionString);
        await using var proxy = TcpFaultProxy.Start(direct.Host!, direct.Port);
        var viaProxy = new NpgsqlConnectionStringBuilder(connectionString) { Host = TcpFaultProxy.Host, Port = proxy.Port, Timeout = 5, CommandTimeout = 10 };
        await using var proxiedSource = NpgsqlDataSource.Create(viaProxy.ConnectionString);
        await using var directSource = NpgsqlDataSource.Create(connectionString);
        var proxiedStore = new PostgresEventStore(proxiedSource, types);
        var directStore = new PostgresEventStore(directSource, types);
        var run = Guid.NewGuid().ToString("N")[..8];
        var acknowledged = new ConcurrentBag<NewEvent[]>();
        var unacknowledged = new ConcurrentBag<(StreamId Stream, NewEvent[] Batch)>();
        var violations = new ConcurrentQueue<string>();
        var failures = new ConcurrentDictionary<string, int>();
        var clock = Stopwatch.StartNew();
        using var writersDone = new CancellationTokenSource();

        var writing = Task.WhenAll(Enumerable.Range(0, writers).Select(writer => Task.Run(async () =>
        {
            for (var i = 0; i < appendsPerWriter; i++)
            {
                var stream = StreamId.For("claim-durable", $"{run}-{writer}-{i % 5}");
                NewEvent[] batch = [.. Enumerable.Range(0, 1 + (i % 5)).Select(n => NewEvent.Create(new LessonCompleted($"lesson-{i}-{n}")))];
                try
                {
                    var result = await proxiedStore.AppendToStreamAsync(stream, ExpectedVersion.Any, batch, cancellationToken);
                    if (result.Outcome == AppendOutcome.Appended)
                    {
                        acknowledged.Add(batch);
                    }
                    else
                    {
                        violations.Enqueue($"an append to {stream} ended {result.Outcome}");
                    }
                }
                catch (Exception exception) when (exception is NpgsqlException or InvalidOperationException or TimeoutException)
                {
                    // The connection died under the append: its outcome is unknown to the writer.
                    failures.AddOrUpdate(exception.GetType().Name, 1, (_, n) => n + 1);
                    unacknowledged.Add((stream, batch));
                }
            }
        }, cancellationToken))).ContinueWith(_ => writersDone.Cancel(), TaskScheduler.Default);

        // Cuts at irregular moments (between 0.5x and 1.5x resetEvery), so they land in every phase of an append.
        var resets = 0;
        var random = new Random(20_25);
        while (!writersDone.IsCancellationRequested)
        {
            await Task.Delay(resetEvery * (0.5 + random.NextDouble()), cancellationToken);
            resets += proxy.ResetAllConnections();
        }

        await writing;
        proxy.ClearFaults();
        var elapsed = clock.Elapsed;

        var stored = await ReadAllAsync(directStore, cancellationToken);
        foreach (var batch in acknowledged)
        {
            if (batch.Any(e => !stored.ContainsKey(e.EventId)))
            {
                violations.Enqueue($"an acknowledged batch of {batch.Length} is missing (first id {batch[0].EventId})");
            }
        }

        var unacknowledgedStored = 0;
        foreach (var (stream, batch) in unacknowledged)
        {
            var present = batch.Where(e => stored.ContainsKey(e.EventId)).Select(e => stored[e.EventId]).ToList();
            if (present.Count == batch.Length)
            {
                unacknowledgedStored++;
                var versions = present.Select(e => e.StreamVersion).ToList();
                if (present.Any(e => e.StreamId != stream) || !versions.SequenceEqual(Enumerable.Range(0, batch.Length).Select(n => versions[0] + n)))
                {
                    violations.Enqueue($"an unacknowledged batch to {stream} is stored, but not whole and in order");
                }
            }
            else if (present.Count > 0)
            {
                violations.Enqueue($"an unacknowledged batch to {stream} is stored in part: {present.Count} of {batch.Length}");
            }
        }

        // Recovery: the writer re-sends what it never heard back about, with the same ids.
        foreach (var (stream, batch) in unacknowledged)
        {
            var retry = await directStore.AppendToStreamAsync(stream, ExpectedVersion.Any, batch, cancellationToken);
            if (!retry.IsSuccess)
            {
                violations.Enqueue($"re-sending an unacknowledged batch to {stream} ended {retry.Outcome}");
            }
        }

        var afterRetries = await ReadAllAsync(directStore, cancellationToken);
        var everyBatch = acknowledged.Concat(unacknowledged.Select(u => u.Batch)).SelectMany(b => b).Select(e => e.EventId).ToHashSet();
        if (afterRetries.Count != everyBatch.Count || !afterRetries.Keys.ToHashSet().SetEquals(everyBatch))
        {
            violations.Enqueue($"after re-sending, {afterRetries.Count} events are stored; {everyBatch.Count} were sent");
        }

        if (resets == 0 || unacknowledged.IsEmpty || acknowledged.IsEmpty)
        {
            violations.Enqueue(
                $"the run cut {resets} connections, {acknowledged.Count} appends were acknowledged and {unacknowledged.Count} not: " +
                "without both kinds it proves nothing (change resetEvery)");
        }

        return new ClaimResult("durability under connection resets", [.. violations], new Dictionary<string, double>
        {
            ["appends"] = writers * appendsPerWriter,
            ["acknowledged"] = acknowledged.Count,
            ["unacknowledged"] = unacknowledged.Count,
            ["unacknowledged but stored whole"] = unacknowledgedStored,
            ["connections reset"] = resets,
            ["seconds"] = elapsed.TotalSeconds,
        });
    }

    private static async Task<Dictionary<Guid, RecordedEvent>> ReadAllAsync(PostgresEventStore store, CancellationToken cancellationToken)
    {
        var all = new Dictionary<Guid, RecordedEvent>();
        var after = 0L;
        while (await store.ReadAllForwardAsync(after, 5_000, cancellationToken) is { Count: > 0 } page)
        {
            foreach (var e in page)
            {
                all.Add(e.EventId, e);
            }

            after = page[^1].GlobalPosition;
        }

        return all;
    }
}
