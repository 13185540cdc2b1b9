using System.Collections.Concurrent;
using Npgsql;

namespace EduPlatform.EventStore;

/// <summary>
/// Group commit for appends. Appends are serialized database-wide anyway (the append lock, see
/// Schema.sql), so concurrent appends from this process travel together: one batch of
/// <c>append_to_stream</c> calls, one implicit transaction, one round trip, one lock acquisition and
/// one commit for the whole group. Each append keeps its own checks and its own result; a single
/// append waits for nothing (a group of one leaves at once). Appends arriving while a group is in
/// flight form the next group, so groups grow exactly when there is contention.
/// </summary>
/// <remarks>
/// The first caller to find no group in flight becomes the leader and sends groups until the queue
/// is empty; no background thread exists between bursts. A group's appends are acknowledged only
/// after PostgreSQL answered ReadyForQuery, i.e. after the commit.
/// <para>
/// One append must never fail the others: when PostgreSQL refuses one statement of a group, the whole
/// transaction is rolled back, so the refused append gets the error and the rest of the group is sent
/// again without it (when only the commit failed, no statement is to blame, and each is sent alone).
/// When the connection fails instead, nobody knows whether the group committed: every append of it
/// fails with that exception (retrying with the same event ids finds out; the store is idempotent).
/// </para>
/// </remarks>
internal sealed class GroupCommit(NpgsqlDataSource dataSource, Func<NpgsqlDataReader, AppendResult> readResult, int maxGroupSize = 64)
{
    private readonly ConcurrentQueue<PendingAppend> _queue = new();
    private int _leading;

    /// <summary>
    /// Queues one <c>append_to_stream</c> call. Cancelling stops the wait, not the append: its outcome
    /// is then unknown, as after a lost connection; retry with the same event ids to find out.
    /// </summary>
    public Task<AppendResult> AppendAsync(NpgsqlBatchCommand command, CancellationToken cancellationToken)
    {
        var pending = new PendingAppend(command);
        _queue.Enqueue(pending);
        if (Interlocked.CompareExchange(ref _leading, 1, 0) == 0)
        {
            _ = LeadAsync();
        }

        return pending.Result.Task.WaitAsync(cancellationToken);
    }

    private async Task LeadAsync()
    {
        do
        {
            while (!_queue.IsEmpty)
            {
                var group = new List<PendingAppend>();
                while (group.Count < maxGroupSize && _queue.TryDequeue(out var pending))
                {
                    group.Add(pending);
                }

                await CommitAsync(group);
            }

            Volatile.Write(ref _leading, 0);
        }
        // An append queued between the last dequeue and the release saw a leader and left it to us.
        while (!_queue.IsEmpty && Interlocked.CompareExchange(ref _leading, 1, 0) == 0);
    }

    private async Task CommitAsync(List<PendingAppend> group)
    {
        var toSend = new Queue<List<PendingAppend>>([group]);
        while (toSend.TryDequeue(out var next))
        {
            foreach (var again in await SendAsync(next))
            {
                toSend.Enqueue(again);
            }
        }
    }

    /// <summary>Sends one group as one transaction and answers its appends; returns the groups to send again.</summary>
    private async Task<IEnumerable<List<PendingAppend>>> SendAsync(List<PendingAppend> group)
    {
        var results = new List<AppendResult>(group.Count);
        try
        {
            await using var batch = dataSource.CreateBatch();
            foreach (var pending in group)
            {
                batch.BatchCommands.Add(pending.Command);
            }

            // No explicit transaction: a batch runs in one implicit transaction, committed when
            // the reader has consumed everything up to ReadyForQuery (its disposal).
            await using (var reader = await batch.ExecuteReaderAsync())
            {
                do
                {
                    await reader.ReadAsync();
                    results.Add(readResult(reader));
                }
                while (await reader.NextResultAsync());
            }
        }
        catch (PostgresException refused) when (group.Count > 1 && refused.InvariantSeverity == "ERROR")
        {
            // An ERROR (not FATAL: the session lives on) aborted the implicit transaction: nothing of the group is
            // written. Statements run, and their results are read, in order: the refused one is the first without a result.
            if (results.Count < group.Count)
            {
                var refusedAt = results.Count;
                group[refusedAt].Result.TrySetException(refused);
                return [[.. group.Where((_, i) => i != refusedAt)]];
            }

            // Every statement ran and the commit failed (a deferred constraint): nobody to blame, so each goes alone.
            return group.Select(pending => new List<PendingAppend> { pending });
        }
#pragma warning disable CA1031 // handed to every caller of the group, each of which rethrows it
        catch (Exception exception)
#pragma warning restore CA1031
        {
            foreach (var pending in group)
            {
                pending.Result.TrySetException(exception);
            }

            return [];
        }

        for (var i = 0; i < group.Count; i++)
        {
            group[i].Result.TrySetResult(results[i]);
        }

        return [];
    }

    private sealed class PendingAppend(NpgsqlBatchCommand command)
    {
        public NpgsqlBatchCommand Command { get; } = command;

        public TaskCompletionSource<AppendResult> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
