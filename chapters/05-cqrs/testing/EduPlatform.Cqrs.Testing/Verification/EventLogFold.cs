using EduPlatform.Cqrs.Domain;
using EduPlatform.Cqrs.ReadModels;
using EduPlatform.EventStore;

namespace EduPlatform.Cqrs.Testing.Verification;

/// <summary>
/// The reference: every event of the log folded from position 1, in memory, by rules written out here again (not by
/// the projector's <see cref="ReadModelFold"/>, so a bug there cannot hide itself). Every read model must equal this.
/// <list type="bullet">
/// <item>enrolled: creates the enrollment (if it has none and the ids and name are valid);</item>
/// <item>lesson completed: +1 lesson, +10 points; quiz submitted (score 0-100): +1 quiz, +score points; dropped:
/// status dropped; each only for an enrolled (not dropped) enrollment;</item>
/// <item>anything else is poison: no effect, and must be in the projection's dead letters.</item>
/// </list>
/// </summary>
public sealed class EventLogFold
{
    private readonly Dictionary<EnrollmentKey, ExpectedEnrollment> _enrollments = [];
    private readonly Dictionary<EnrollmentKey, List<ExpectedEnrollment>>? _history;
    private readonly List<long> _poison = [];

    private EventLogFold(bool keepHistory) => _history = keepHistory ? [] : null;

    public IReadOnlyDictionary<EnrollmentKey, ExpectedEnrollment> Enrollments => _enrollments;

    /// <summary>Global positions of the events no read model may apply.</summary>
    public IReadOnlyList<long> Poison => _poison;

    public long Head { get; private set; }

    public long Events { get; private set; }

    /// <summary>Reads the whole log (pages of 10,000) and folds it. <paramref name="keepHistory"/> keeps every state of every enrollment, for <see cref="StateAt"/>.</summary>
    public static async Task<EventLogFold> FoldAsync(PostgresEventStore store, bool keepHistory = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var fold = new EventLogFold(keepHistory);
        while (true)
        {
            var page = await store.ReadAllForwardAsync(fold.Head, 10_000, cancellationToken);
            foreach (var recorded in page)
            {
                fold.Apply(recorded);
            }

            if (page.Count < 10_000)
            {
                return fold;
            }
        }
    }

    /// <summary>The enrollment as of <paramref name="position"/> (null: it did not exist yet). Needs <c>keepHistory</c>.</summary>
    public ExpectedEnrollment? StateAt(EnrollmentKey key, long position)
    {
        if (_history is null)
        {
            throw new InvalidOperationException("Fold with keepHistory: true to ask for past states.");
        }

        if (!_history.TryGetValue(key, out var states))
        {
            return null;
        }

        ExpectedEnrollment? found = null;
        foreach (var state in states)
        {
            if (state.LastPosition > position)
            {
                break;
            }

            found = state;
        }

        return found;
    }

    /// <summary>Every enrollment of a student, as of <paramref name="position"/>. Needs <c>keepHistory</c>.</summary>
    public IEnumerable<ExpectedEnrollment> StudentAt(string studentId, long position) =>
        _history!.Keys.Where(k => k.StudentId == studentId).Select(k => StateAt(k, position)).OfType<ExpectedEnrollment>();

    private void Apply(RecordedEvent recorded)
    {
        Head = recorded.GlobalPosition;
        Events++;
        var next = Next(recorded);
        if (next is null)
        {
            _poison.Add(recorded.GlobalPosition);
            return;
        }

        _enrollments[next.Key] = next;
        if (_history is not null)
        {
            if (!_history.TryGetValue(next.Key, out var states))
            {
                _history[next.Key] = states = [];
            }

            states.Add(next);
        }
    }

    private ExpectedEnrollment? Next(RecordedEvent recorded)
    {
        var position = recorded.GlobalPosition;
        switch (recorded.Data)
        {
            case StudentEnrolled e when Valid(e.CourseId, e.StudentId) && EnrollmentRules.IsValidName(e.StudentName):
                var key = new EnrollmentKey(e.CourseId, e.StudentId);
                return _enrollments.ContainsKey(key) ? null : new ExpectedEnrollment(key, e.StudentName, false, 0, 0, 0, position);
            case LessonCompleted e when EnrollmentRules.IsValidId(e.LessonId) && Active(e.CourseId, e.StudentId) is { } current:
                return current with { Lessons = current.Lessons + 1, Points = current.Points + 10, LastPosition = position };
            case QuizSubmitted e when e.Score is >= 0 and <= 100 && Active(e.CourseId, e.StudentId) is { } current:
                return current with { Quizzes = current.Quizzes + 1, Points = current.Points + e.Score, LastPosition = position };
            case EnrollmentDropped e when Active(e.CourseId, e.StudentId) is { } current:
                return current with { Dropped = true, LastPosition = position };
            default:
                return null;
        }
    }

    private ExpectedEnrollment? Active(string courseId, string studentId) =>
        Valid(courseId, studentId) && _enrollments.TryGetValue(new EnrollmentKey(courseId, studentId), out var current) && !current.Dropped
            ? current
            : null;

    private static bool Valid(string courseId, string studentId) => EnrollmentRules.IsValidId(courseId) && EnrollmentRules.IsValidId(studentId);
}
