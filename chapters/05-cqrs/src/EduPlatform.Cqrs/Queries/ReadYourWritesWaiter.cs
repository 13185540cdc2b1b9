using EduPlatform.Cqrs.Projections;
using Npgsql;

namespace EduPlatform.Cqrs.Queries;

/// <summary>
/// Read-your-own-writes: a command answered with its event's global position; a query that passes it waits here
/// until the read model it reads has reached that position, or until its limit (default 1 s) runs out. It wakes on
/// every projector commit (<see cref="ProjectionSignal"/>) and polls every 50 ms in case a notification was lost.
/// Bounded on purpose: a stalled projector makes queries answer late-but-marked, never hang.
/// </summary>
public sealed class ReadYourWritesWaiter(NpgsqlDataSource dataSource, RedisLeaderboard redis, ProjectionSignal signal, CqrsMetrics metrics, TimeProvider time)
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(50);

    /// <summary>Waits until <paramref name="side"/> is at <paramref name="position"/> or later; returns the milliseconds waited.</summary>
    public async Task<double> WaitAsync(ReadSide side, long position, TimeSpan limit, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var reached = false;
        while (true)
        {
            // Take the signal before reading: a commit right after the read still wakes the wait below.
            var next = signal.Next;
            if (await ReadPositionAsync(side, cancellationToken) >= position)
            {
                reached = true;
                break;
            }

            var remaining = limit - time.GetElapsedTime(started);
            if (remaining <= TimeSpan.Zero)
            {
                break;
            }

            await Task.WhenAny(next, Task.Delay(remaining < Poll ? remaining : Poll, time, cancellationToken));
            cancellationToken.ThrowIfCancellationRequested();
        }

        var waited = time.GetElapsedTime(started).TotalMilliseconds;
        metrics.RecordQueryWait(side == ReadSide.Redis ? RedisLeaderboard.Name : "postgres", waited, reached);
        return waited;
    }

    private async Task<long> ReadPositionAsync(ReadSide side, CancellationToken cancellationToken)
    {
        if (side == ReadSide.Redis)
        {
            return (await redis.ReadCheckpointAsync()).Position;
        }

        await using var command = dataSource.CreateCommand("SELECT position FROM readmodel.checkpoint");
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
