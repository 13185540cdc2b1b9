using System.Collections.Concurrent;
using System.Diagnostics;
using EduPlatform.Harness.Faults;
using Npgsql;

namespace EduPlatform.EventStore.Testing;

/// <summary>
/// Claim "durability": writers append through the harness's TCP fault proxy while it resets every
/// open connection (RST both ways) again and again, so appends die mid-flight: before the server got
/// them, while it ran them, or after it committed but before the answer arrived. Holds when every
/// acknowledged event is stored, and every unacknowledged batch is stored entirely (at consecutive
/// versions of its stream) or not at all; re-sending the unacknowledged batches with the same ids
/// then stores each exactly once (the lost-acknowledgement retry).
/// </summary>
/// <remarks>
/// <see cref="Start"/>, then writers call <see cref="AppendAsync"/> while
/// <see cref="ResetConnectionsAsync"/> runs, then <see cref="VerifyAsync"/>.
/// </remarks>
public sealed class DurabilityUnderConnectionResetsScenario : IAsyncDisposable
{
    private readonly TcpFaultProxy _proxy;
    private readonly NpgsqlDataSource _proxiedSource;
    private readonly PostgresEventStore _proxiedStore;
    private readonly PostgresEventStore _directStore;
    private readonly string _run = Guid.NewGuid().ToString("N")[..8];
    private readonly ConcurrentBag<NewEvent[]> _acknowledged = [];
    private readonly ConcurrentBag<(StreamId Stream, NewEvent[] Batch)> _unacknowledged = [];
    private readonly ConcurrentQueue<string> _violations = new();
    private readonly TaskCompletionSource _firstAcknowledged = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _resets;

    private DurabilityUnderConnectionResetsScenario(EventStoreSystem system)
    {
        var direct = new NpgsqlConnectionStringBuilder(system.ConnectionString);
        _proxy = TcpFaultProxy.Start(direct.Host!, direct.Port);
        var viaProxy = new NpgsqlConnectionStringBuilder(system.ConnectionString) { Host = TcpFaultProxy.Host, Port = _proxy.Port, Timeout = 5, CommandTimeout = 10 };
        _proxiedSource = NpgsqlDataSource.Create(viaProxy.ConnectionString);
        _proxiedStore = new PostgresEventStore(_proxiedSource, system.Types, system.Store.Options);
        // The verification reads and re-sends around the proxy, through the system's own store.
        _directStore = system.Store;
    }

    /// <summary>A fault proxy in front of <paramref name="system"/>'s database; writers append through it.</summary>
    public static DurabilityUnderConnectionResetsScenario Start(EventStoreSystem system)
    {
        ArgumentNullException.ThrowIfNull(system);
        return new DurabilityUnderConnectionResetsScenario(system);
    }

    /// <summary>One append of 1-5 events through the proxy. True: acknowledged; false: the connection died under it.</summary>
    public async Task<bool> AppendAsync(string writer, int sequence, CancellationToken cancellationToken)
    {
        var stream = StreamId.For("claim-durable", $"{_run}-{writer}-{sequence % 5}");
        var batch = ClaimStores.Batch(writer, sequence, 1 + (sequence % 5));
        try
        {
            var result = await _proxiedStore.AppendToStreamAsync(stream, ExpectedVersion.Any, batch, cancellationToken);
            if (result.Outcome == AppendOutcome.Appended)
            {
                _acknowledged.Add(batch);
                _firstAcknowledged.TrySetResult();
                return true;
            }

            _violations.Enqueue($"an append to {stream} ended {result.Outcome}");
            return false;
        }
        catch (Exception exception) when (exception is NpgsqlException or InvalidOperationException or TimeoutException)
        {
            // The connection died under the append: its outcome is unknown to the writer.
            _unacknowledged.Add((stream, batch));
            return false;
        }
    }

    /// <summary>
    /// Resets every open connection as soon as a first append is acknowledged, then at irregular moments (0.5x-1.5x
    /// <paramref name="resetEvery"/>) until the writers are done.
    /// </summary>
    /// <remarks>
    /// The first cut waits for an acknowledgement, not for a clock: a run over before its first timed reset (a fast
    /// machine, a small test) would then have cut nothing, and a run with no acknowledged or no cut append proves nothing.
    /// </remarks>
    public async Task ResetConnectionsAsync(TimeSpan resetEvery, Task writersDone, CancellationToken cancellationToken)
    {
        var random = new Random(20_25);
        await Task.WhenAny(_firstAcknowledged.Task, writersDone);
        while (!writersDone.IsCompleted)
        {
            _resets += _proxy.ResetAllConnections();
            await Task.WhenAny(writersDone, Task.Delay(resetEvery * (0.5 + random.NextDouble()), cancellationToken));
        }

        _proxy.ClearFaults();
    }

    /// <summary>The standalone driver: <paramref name="writers"/> tasks appending while the proxy cuts their connections.</summary>
    public async Task<ClaimVerification> RunAsync(int writers, int appendsPerWriter, TimeSpan resetEvery, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var writing = Task.WhenAll(Enumerable.Range(0, writers).Select(writer => Task.Run(async () =>
        {
            for (var i = 0; i < appendsPerWriter; i++)
            {
                await AppendAsync($"writer-{writer}", i, cancellationToken);
            }
        }, cancellationToken)));
        await ResetConnectionsAsync(resetEvery, writing, cancellationToken);
        await writing;
        return await VerifyAsync(clock.Elapsed, cancellationToken);
    }

    public async Task<ClaimVerification> VerifyAsync(TimeSpan elapsed, CancellationToken cancellationToken)
    {
        var violations = new List<string>(_violations);
        var stored = await ReadAllAsync(cancellationToken);
        foreach (var batch in _acknowledged.Where(batch => batch.Any(e => !stored.ContainsKey(e.EventId))))
        {
            violations.Add($"an acknowledged batch of {batch.Length} is missing (first id {batch[0].EventId})");
        }

        var unacknowledgedStored = 0;
        foreach (var (stream, batch) in _unacknowledged)
        {
            var present = batch.Where(e => stored.ContainsKey(e.EventId)).Select(e => stored[e.EventId]).ToList();
            if (present.Count == batch.Length)
            {
                unacknowledgedStored++;
                var versions = present.Select(e => e.StreamVersion).ToList();
                if (present.Any(e => e.StreamId != stream) || !versions.SequenceEqual(Enumerable.Range(0, batch.Length).Select(n => versions[0] + n)))
                {
                    violations.Add($"an unacknowledged batch to {stream} is stored, but not whole and in order");
                }
            }
            else if (present.Count > 0)
            {
                violations.Add($"an unacknowledged batch to {stream} is stored in part: {present.Count} of {batch.Length}");
            }
        }

        // Recovery: the writer re-sends what it never heard back about, with the same ids.
        foreach (var (stream, batch) in _unacknowledged)
        {
            var retry = await _directStore.AppendToStreamAsync(stream, ExpectedVersion.Any, batch, cancellationToken);
            if (!retry.IsSuccess)
            {
                violations.Add($"re-sending an unacknowledged batch to {stream} ended {retry.Outcome}");
            }
        }

        var afterRetries = await ReadAllAsync(cancellationToken);
        var sent = _acknowledged.Concat(_unacknowledged.Select(u => u.Batch)).SelectMany(b => b).Select(e => e.EventId).ToHashSet();
        if (afterRetries.Count != sent.Count || !afterRetries.Keys.ToHashSet().SetEquals(sent))
        {
            violations.Add($"after re-sending, {afterRetries.Count} events are stored; {sent.Count} were sent");
        }

        if (_resets == 0 || _unacknowledged.IsEmpty || _acknowledged.IsEmpty)
        {
            violations.Add(
                $"the run cut {_resets} connections, {_acknowledged.Count} appends were acknowledged and {_unacknowledged.Count} not: " +
                "without both kinds it proves nothing (change the reset interval)");
        }

        return new ClaimVerification("durability under connection resets", violations, new Dictionary<string, double>
        {
            ["appends"] = _acknowledged.Count + _unacknowledged.Count,
            ["acknowledged"] = _acknowledged.Count,
            ["unacknowledged"] = _unacknowledged.Count,
            ["unacknowledged but stored whole"] = unacknowledgedStored,
            ["connections reset"] = _resets,
            ["seconds"] = elapsed.TotalSeconds,
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _proxiedSource.DisposeAsync();
        await _proxy.DisposeAsync();
    }

    private async Task<Dictionary<Guid, RecordedEvent>> ReadAllAsync(CancellationToken cancellationToken)
    {
        var all = new Dictionary<Guid, RecordedEvent>();
        var after = 0L;
        while (await _directStore.ReadAllForwardAsync(after, 5_000, cancellationToken) is { Count: > 0 } page)
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
