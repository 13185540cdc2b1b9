using Npgsql;

namespace EduPlatform.Cqrs.Testing.Workloads;

/// <summary>What the naive tail saw, against what was committed.</summary>
public sealed record NaiveTailReport(long Committed, long Seen, long Skipped, long Reads, long? FirstSkippedPosition);

/// <summary>
/// The contrast's reader: <c>SELECT ... WHERE position &gt; checkpoint ORDER BY position</c> on the naive log,
/// checkpoint = the highest position seen, while the writers commit. Afterwards, everything committed is compared
/// with what it saw: the difference is what a projection built this way would have skipped, silently and for good.
/// </summary>
public sealed class NaiveTail(NpgsqlDataSource dataSource)
{
    public async Task<NaiveTailReport> RunAsync(Task writersDone, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(writersDone);
        var seen = new HashSet<long>();
        var checkpoint = 0L;
        var reads = 0L;
        while (true)
        {
            var finished = writersDone.IsCompleted;
            var page = await ReadAfterAsync(checkpoint, cancellationToken);
            reads++;
            seen.UnionWith(page);
            checkpoint = page.Count > 0 ? page.Max() : checkpoint;
            if (page.Count == 0)
            {
                if (finished)
                {
                    break;
                }

                await Task.Delay(1, cancellationToken);
            }
        }

        var committed = await ReadAfterAsync(0, cancellationToken, limit: int.MaxValue);
        var skipped = committed.Where(p => !seen.Contains(p)).ToArray();
        return new NaiveTailReport(committed.Count, seen.Count, skipped.Length, reads, skipped.Length > 0 ? skipped[0] : null);
    }

    private async Task<List<long>> ReadAfterAsync(long after, CancellationToken cancellationToken, int limit = 1_000)
    {
        await using var command = dataSource.CreateCommand($"SELECT position FROM {NaiveLog.Table} WHERE position > $1 ORDER BY position LIMIT $2");
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = after });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var positions = new List<long>();
        while (await reader.ReadAsync(cancellationToken))
        {
            positions.Add(reader.GetInt64(0));
        }

        return positions;
    }
}
