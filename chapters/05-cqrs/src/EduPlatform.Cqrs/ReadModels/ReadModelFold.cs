using EduPlatform.Cqrs.Domain;
using EduPlatform.EventStore;

namespace EduPlatform.Cqrs.ReadModels;

/// <summary>
/// How events change the read side, in memory: the one definition both read-model stores (PostgreSQL and Redis) use,
/// so they cannot drift apart. Pure: no I/O, so a batch is folded in microseconds and the stores only write results.
/// <para>
/// An event that breaks the rules below is poison (<see cref="PoisonEventException"/>): the write side never appends
/// one, but a store outlives any version of the write side (older code, a manual fix, a bug), and a projection that
/// stops on the first bad event stops every query's freshness with it.
/// </para>
/// </summary>
public static class ReadModelFold
{
    /// <summary>The enrollment an event is about (the read model's row key).</summary>
    public static EnrollmentKey KeyOf(RecordedEvent recorded)
    {
        ArgumentNullException.ThrowIfNull(recorded);
        var (courseId, studentId) = recorded.Data switch
        {
            StudentEnrolled e => (e.CourseId, e.StudentId),
            LessonCompleted e => (e.CourseId, e.StudentId),
            QuizSubmitted e => (e.CourseId, e.StudentId),
            EnrollmentDropped e => (e.CourseId, e.StudentId),
            _ => throw new PoisonEventException(recorded, $"the read model does not know the event type {recorded.EventType}"),
        };
        if (!EnrollmentRules.IsValidId(courseId) || !EnrollmentRules.IsValidId(studentId))
        {
            throw new PoisonEventException(recorded, "its courseId or studentId is not a valid id");
        }

        return new EnrollmentKey(courseId, studentId);
    }

    /// <summary>The view after <paramref name="recorded"/>; <paramref name="current"/> is null when the enrollment has no view yet.</summary>
    public static EnrollmentView Apply(EnrollmentView? current, RecordedEvent recorded)
    {
        ArgumentNullException.ThrowIfNull(recorded);
        var position = recorded.GlobalPosition;
        return recorded.Data switch
        {
            StudentEnrolled e when current is not null =>
                throw new PoisonEventException(recorded, $"{e.StudentId} has an enrollment in {e.CourseId} already"),
            StudentEnrolled e when !EnrollmentRules.IsValidName(e.StudentName) =>
                throw new PoisonEventException(recorded, "its studentName is empty, too long or has control characters"),
            StudentEnrolled e => new EnrollmentView(e.CourseId, e.StudentId, e.StudentName, EnrollmentStatus.Enrolled, 0, 0, 0, position),
            LessonCompleted e when !EnrollmentRules.IsValidId(e.LessonId) =>
                throw new PoisonEventException(recorded, "its lessonId is not a valid id"),
            LessonCompleted => Enrolled(current, recorded) with
            {
                LessonsCompleted = current!.LessonsCompleted + 1,
                Points = current.Points + EnrollmentRules.PointsPerLesson,
                LastPosition = position,
            },
            QuizSubmitted e when !EnrollmentRules.IsValidScore(e.Score) =>
                throw new PoisonEventException(recorded, $"its score {e.Score} is outside {EnrollmentRules.MinScore}-{EnrollmentRules.MaxScore}"),
            QuizSubmitted e => Enrolled(current, recorded) with
            {
                QuizzesSubmitted = current!.QuizzesSubmitted + 1,
                Points = current.Points + e.Score,
                LastPosition = position,
            },
            EnrollmentDropped => Enrolled(current, recorded) with { Status = EnrollmentStatus.Dropped, LastPosition = position },
            _ => throw new PoisonEventException(recorded, $"the read model does not know the event type {recorded.EventType}"),
        };
    }

    /// <summary>
    /// Folds a batch into <paramref name="views"/> (loaded for every key the batch touches; missing = no view yet) and
    /// returns the keys it changed. Throws at the first poison event; <paramref name="views"/> is then half-updated, so
    /// the caller throws it away with its transaction.
    /// </summary>
    public static IReadOnlySet<EnrollmentKey> ApplyAll(Dictionary<EnrollmentKey, EnrollmentView> views, IReadOnlyList<RecordedEvent> events)
    {
        ArgumentNullException.ThrowIfNull(views);
        ArgumentNullException.ThrowIfNull(events);
        var changed = new HashSet<EnrollmentKey>();
        foreach (var recorded in events)
        {
            var key = KeyOf(recorded);
            views[key] = Apply(views.GetValueOrDefault(key), recorded);
            changed.Add(key);
        }

        return changed;
    }

    private static EnrollmentView Enrolled(EnrollmentView? current, RecordedEvent recorded) => current switch
    {
        null => throw new PoisonEventException(recorded, "the student has no enrollment in this course"),
        { Status: EnrollmentStatus.Dropped } => throw new PoisonEventException(recorded, "the enrollment was dropped before"),
        _ => current,
    };
}
