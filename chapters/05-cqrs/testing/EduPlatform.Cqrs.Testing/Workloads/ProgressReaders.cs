using System.Collections.Concurrent;
using System.Diagnostics;

namespace EduPlatform.Cqrs.Testing.Workloads;

/// <summary>
/// Clients reading students' progress (during a rebuild and its switch, in the claims) and keeping every answer, so
/// <see cref="Verification.MonotonicReads"/> can check afterwards that no read went backwards.
/// </summary>
public sealed class ProgressReaders(CqrsClient client, IReadOnlyList<string> studentIds)
{
    private readonly ConcurrentQueue<ReadRecord> _reads = new();

    public IReadOnlyCollection<ReadRecord> Reads => _reads;

    /// <summary>One query for the <paramref name="sequence"/>-th student (round robin), recorded.</summary>
    public async Task ReadAsync(long sequence, CancellationToken cancellationToken)
    {
        var student = studentIds[(int)(sequence % studentIds.Count)];
        var started = Stopwatch.GetTimestamp();
        var answer = await client.ProgressAsync(student);
        _reads.Enqueue(new ReadRecord(student, started, Stopwatch.GetTimestamp(), answer.ReadModel, answer.Position, answer.Data));
    }
}
