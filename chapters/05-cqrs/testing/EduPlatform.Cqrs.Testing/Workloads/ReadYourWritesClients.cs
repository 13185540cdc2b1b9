using System.Collections.Concurrent;

namespace EduPlatform.Cqrs.Testing.Workloads;

/// <summary>
/// Clients that write, then read their own write at once, passing the position their command returned: each
/// enrolls a new student and asks for that student's progress. Counts who saw their write and keeps how long the
/// server said each query waited for the projection (the "added wait").
/// </summary>
public sealed class ReadYourWritesClients(CqrsClient client, string courseId, string run)
{
    private readonly ConcurrentQueue<double> _waits = new();
    private long _saw;
    private long _missed;

    public IReadOnlyCollection<double> WaitsMs => _waits;

    public long Saw => Interlocked.Read(ref _saw);

    public long Missed => Interlocked.Read(ref _missed);

    /// <summary>One client's write-then-read. True when the read showed the write.</summary>
    public async Task<bool> EnrollThenReadAsync(long sequence, CancellationToken cancellationToken)
    {
        var student = $"{run}-{sequence}";
        var written = await client.EnrollAsync(courseId, student, $"Client {sequence}");
        var answer = await client.ProgressAsync(student, written.Position);
        var saw = answer.Consistency is { Reached: true } && answer.Position >= written.Position
                  && answer.Data.Courses.Any(c => c.CourseId == courseId && c.Status == "enrolled");
        _waits.Enqueue(answer.Consistency?.WaitedMs ?? double.NaN);
        Interlocked.Increment(ref saw ? ref _saw : ref _missed);
        return saw;
    }
}
