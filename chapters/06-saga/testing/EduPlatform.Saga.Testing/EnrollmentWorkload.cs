using System.Collections.Concurrent;

namespace EduPlatform.Saga.Testing;

/// <summary>
/// Enrollments as a claim (or a test) sends them: mostly paid ones, some declined (over the card limit), some for a
/// course that fills up. Every id sent is kept, so the audit covers exactly what was sent, accepted or not.
/// </summary>
public sealed class EnrollmentWorkload(SagaSystem system)
{
    /// <summary>The course that fills up: the workload's refusals (configure it with <see cref="Courses"/>).</summary>
    public const string SmallCourse = "small-course";

    private readonly ConcurrentBag<Guid> _ids = [];

    /// <summary>The courses this workload uses: a big one, and a small one with <paramref name="smallSeats"/> seats.</summary>
    public static IReadOnlyDictionary<string, int> Courses(int smallSeats) =>
        new Dictionary<string, int> { ["course-1"] = 1_000_000, [SmallCourse] = smallSeats };

    public IReadOnlyCollection<Guid> Ids => _ids.ToArray();

    /// <summary>Sends the <paramref name="number"/>-th enrollment: 1 in 10 declined, 1 in 10 for the small course.</summary>
    public async Task<Guid> SendAsync(long number, CancellationToken cancellationToken)
    {
        var id = Guid.NewGuid();
        _ids.Add(id); // before the request: a request that failed half-way is still audited
        var (course, amount) = (number % 10) switch
        {
            3 => ("course-1", 900m), // declined: over the card limit
            7 => (SmallCourse, 100m),
            _ => ("course-1", 100m),
        };
        await system.EnrollAsync($"student-{number}", course, amount, id, cancellationToken);
        return id;
    }
}
