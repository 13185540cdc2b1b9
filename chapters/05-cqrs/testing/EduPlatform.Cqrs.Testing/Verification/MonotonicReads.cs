using EduPlatform.Cqrs.Testing.Workloads;

namespace EduPlatform.Cqrs.Testing.Verification;

/// <summary>
/// "No read goes backwards", checked on every recorded read: (1) a read that started after another one ended never
/// returns an older position, across generations and switches included; (2) each read's data is exactly the fold of
/// the log up to the position it returned, so the position is not just monotonic but true.
/// </summary>
public static class MonotonicReads
{
    public static Verification Verify(IReadOnlyCollection<ReadRecord> reads, EventLogFold fold)
    {
        ArgumentNullException.ThrowIfNull(reads);
        ArgumentNullException.ThrowIfNull(fold);
        var violations = new List<string>();
        var byStart = reads.OrderBy(r => r.StartedTicks).ToArray();
        var byEnd = reads.OrderBy(r => r.EndedTicks).ToArray();
        var ended = 0;
        var highestEnded = 0L;
        var backwards = 0;
        foreach (var read in byStart)
        {
            // Every read that ended before this one started has been seen: this one must not be older than any.
            while (ended < byEnd.Length && byEnd[ended].EndedTicks < read.StartedTicks)
            {
                highestEnded = Math.Max(highestEnded, byEnd[ended].Position);
                ended++;
            }

            if (read.Position < highestEnded && ++backwards <= 5)
            {
                violations.Add($"a read of {read.StudentId} from {read.ReadModel} returned position {read.Position} after a read had returned {highestEnded}");
            }
        }

        var wrong = 0;
        foreach (var read in reads)
        {
            var expected = fold.StudentAt(read.StudentId, read.Position)
                .OrderBy(e => e.Key.CourseId, StringComparer.Ordinal)
                .Select(e => (e.Key.CourseId, e.StudentName, e.Dropped ? "dropped" : "enrolled", e.Lessons, e.Quizzes, e.Points, e.LastPosition));
            var actual = read.Data.Courses
                .Select(c => (c.CourseId, c.StudentName, c.Status, c.LessonsCompleted, c.QuizzesSubmitted, c.Points, c.LastPosition));
            if (!expected.SequenceEqual(actual) && ++wrong <= 5)
            {
                violations.Add($"a read of {read.StudentId} at position {read.Position} ({read.ReadModel}) is not the fold up to that position");
            }
        }

        if (backwards > 5 || wrong > 5)
        {
            violations.Add($"{backwards} reads went backwards, {wrong} reads were not the fold at their position");
        }

        return new Verification("no read goes backwards", violations, new Dictionary<string, double>
        {
            ["reads"] = reads.Count,
            ["read models seen"] = reads.Select(r => r.ReadModel).Distinct().Count(),
            ["reads that went backwards"] = backwards,
            ["reads not the fold at their position"] = wrong,
        });
    }
}
