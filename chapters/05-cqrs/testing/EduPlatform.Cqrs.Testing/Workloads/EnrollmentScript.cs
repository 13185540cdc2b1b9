using EduPlatform.Cqrs.Domain;
using EduPlatform.Cqrs.ReadModels;

namespace EduPlatform.Cqrs.Testing.Workloads;

/// <summary>
/// Plays one writer's students: a pool of enrollments (its own students, in shared courses), each getting a valid
/// life: enrolled, then lessons and quizzes, sometimes dropped (then a new student takes its place). Plans an append's
/// events from the writer's last committed state; the writer accepts a plan only once its transaction committed, so
/// a rollback leaves the script as if the plan had never been made.
/// </summary>
public sealed class EnrollmentScript
{
    private readonly string _writer;
    private readonly int _courses;
    private readonly Random _random;
    private readonly List<Draft> _pool = [];
    private int _students;

    public EnrollmentScript(string writer, int courses, int poolSize, Random random)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(poolSize);
        _writer = writer;
        _courses = courses;
        _random = random;
        for (var i = 0; i < poolSize; i++)
        {
            _pool.Add(NewDraft());
        }
    }

    /// <summary>1 to <paramref name="maxEvents"/> valid next events for one enrollment not in <paramref name="busy"/>.</summary>
    public PlannedAppend Plan(int maxEvents, IReadOnlySet<EnrollmentKey> busy)
    {
        ArgumentNullException.ThrowIfNull(busy);
        var candidates = _pool.Where(d => !busy.Contains(d.Key)).ToArray();
        var draft = candidates[_random.Next(candidates.Length)];
        var events = new List<object>();
        var next = draft;
        var count = 1 + _random.Next(maxEvents);
        while (events.Count < count && !next.Dropped)
        {
            object decided;
            if (next.Version == 0)
            {
                decided = new StudentEnrolled(next.Key.CourseId, next.Key.StudentId, $"Student {next.Key.StudentId}");
            }
            else
            {
                var roll = _random.NextDouble();
                decided = roll switch
                {
                    < 0.50 => new LessonCompleted(next.Key.CourseId, next.Key.StudentId, $"l-{next.Lessons + 1}"),
                    < 0.97 => new QuizSubmitted(next.Key.CourseId, next.Key.StudentId, $"q-{next.Quizzes + 1}", _random.Next(0, 101)),
                    _ => new EnrollmentDropped(next.Key.CourseId, next.Key.StudentId, "workload"),
                };
            }

            events.Add(decided);
            next = next.After(decided);
        }

        return new PlannedAppend(EnrollmentStreams.For(draft.Key.CourseId, draft.Key.StudentId), draft.Key, draft.Version, events, draft, next);
    }

    /// <summary>The plan's transaction committed: its enrollment is now at the plan's end state.</summary>
    public void Accept(PlannedAppend plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var index = _pool.IndexOf((Draft)plan.From);
        _pool[index] = ((Draft)plan.To).Dropped ? NewDraft() : (Draft)plan.To;
    }

    private Draft NewDraft()
    {
        _students++;
        var course = $"course-{_random.Next(_courses)}";
        return new Draft(new EnrollmentKey(course, $"{_writer}-s{_students}"), 0, 0, 0, false);
    }

    /// <summary>The writer's knowledge of one enrollment.</summary>
    private sealed record Draft(EnrollmentKey Key, long Version, int Lessons, int Quizzes, bool Dropped)
    {
        public Draft After(object decided) => decided switch
        {
            LessonCompleted => this with { Version = Version + 1, Lessons = Lessons + 1 },
            QuizSubmitted => this with { Version = Version + 1, Quizzes = Quizzes + 1 },
            EnrollmentDropped => this with { Version = Version + 1, Dropped = true },
            _ => this with { Version = Version + 1 },
        };
    }
}

/// <summary>Events planned for one stream, at the expected version the writer knows.</summary>
public sealed record PlannedAppend(
    EduPlatform.EventStore.StreamId Stream, EnrollmentKey Key, long ExpectedVersion, IReadOnlyList<object> Events, object From, object To);
