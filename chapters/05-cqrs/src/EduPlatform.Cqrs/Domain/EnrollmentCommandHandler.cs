using EduPlatform.EventStore;
using EduPlatform.EventStore.Aggregates;

namespace EduPlatform.Cqrs.Domain;

/// <summary>
/// The write side: load the enrollment (fold of its stream), decide, append with the loaded version as the expected
/// version. Validation happens before anything is read; a concurrent command on the same enrollment makes the append
/// fail with WrongExpectedVersion, and the command is decided again on the new state (a few times, then 409).
/// </summary>
public sealed class EnrollmentCommandHandler(AggregateRepository repository)
{
    private const int MaxAttempts = 5;

    public Task<CommandResult> HandleAsync(Enroll command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        Require(EnrollmentRules.ProblemWithId("courseId", command.CourseId));
        Require(EnrollmentRules.ProblemWithId("studentId", command.StudentId));
        Require(EnrollmentRules.IsValidName(command.StudentName) ? null : $"studentName must be 1-{EnrollmentRules.MaxNameLength} printable characters.");
        return DecideAsync(command.CourseId, command.StudentId, state => state.Status switch
        {
            EnrollmentStatus.None => new StudentEnrolled(command.CourseId, command.StudentId, command.StudentName.Trim()),
            EnrollmentStatus.Enrolled => throw new CommandRejectedException(Rejection.Conflict, $"{command.StudentId} is enrolled in {command.CourseId} already."),
            _ => throw new CommandRejectedException(Rejection.Conflict, $"{command.StudentId} dropped {command.CourseId}; a dropped enrollment is final."),
        }, cancellationToken);
    }

    public Task<CommandResult> HandleAsync(CompleteLesson command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        RequireIds(command.CourseId, command.StudentId);
        Require(EnrollmentRules.ProblemWithId("lessonId", command.LessonId));
        return DecideAsync(command.CourseId, command.StudentId, state =>
        {
            RequireEnrolled(state, command.CourseId, command.StudentId);
            if (state.CompletedLessons.Contains(command.LessonId))
            {
                throw new CommandRejectedException(Rejection.Conflict, $"Lesson {command.LessonId} is completed already.");
            }

            return state.CompletedLessons.Count >= EnrollmentRules.MaxLessonsPerEnrollment
                ? throw new CommandRejectedException(Rejection.Conflict, $"An enrollment completes at most {EnrollmentRules.MaxLessonsPerEnrollment} lessons.")
                : new LessonCompleted(command.CourseId, command.StudentId, command.LessonId);
        }, cancellationToken);
    }

    public Task<CommandResult> HandleAsync(SubmitQuiz command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        RequireIds(command.CourseId, command.StudentId);
        Require(EnrollmentRules.ProblemWithId("quizId", command.QuizId));
        Require(EnrollmentRules.IsValidScore(command.Score) ? null : $"score must be {EnrollmentRules.MinScore}-{EnrollmentRules.MaxScore}.");
        return DecideAsync(command.CourseId, command.StudentId, state =>
        {
            RequireEnrolled(state, command.CourseId, command.StudentId);
            return state.SubmittedQuizzes.Contains(command.QuizId)
                ? throw new CommandRejectedException(Rejection.Conflict, $"Quiz {command.QuizId} is submitted already.")
                : new QuizSubmitted(command.CourseId, command.StudentId, command.QuizId, command.Score);
        }, cancellationToken);
    }

    public Task<CommandResult> HandleAsync(DropEnrollment command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        RequireIds(command.CourseId, command.StudentId);
        var reason = string.IsNullOrWhiteSpace(command.Reason) ? "no reason given" : command.Reason.Trim();
        Require(reason.Length <= EnrollmentRules.MaxReasonLength ? null : $"reason has at most {EnrollmentRules.MaxReasonLength} characters.");
        return DecideAsync(command.CourseId, command.StudentId, state =>
        {
            RequireEnrolled(state, command.CourseId, command.StudentId);
            return new EnrollmentDropped(command.CourseId, command.StudentId, reason);
        }, cancellationToken);
    }

    private async Task<CommandResult> DecideAsync(string courseId, string studentId, Func<Enrollment, object> decide, CancellationToken cancellationToken)
    {
        var stream = EnrollmentStreams.For(courseId, studentId);
        for (var attempt = 1; ; attempt++)
        {
            var loaded = await repository.LoadAsync<Enrollment>(stream, cancellationToken);
            var decided = decide(loaded.State);
            var result = await repository.AppendAsync(loaded, [NewEvent.Create(decided)], cancellationToken);
            if (result.IsSuccess)
            {
                return new CommandResult(stream.Value, result.StreamVersion, result.LastPosition!.Value);
            }

            if (result.Outcome != AppendOutcome.WrongExpectedVersion || attempt == MaxAttempts)
            {
                throw new CommandRejectedException(Rejection.Conflict,
                    $"The enrollment kept changing while this command was decided ({attempt} attempts); try again.");
            }
        }
    }

    private static void RequireIds(string courseId, string studentId)
    {
        Require(EnrollmentRules.ProblemWithId("courseId", courseId));
        Require(EnrollmentRules.ProblemWithId("studentId", studentId));
    }

    private static void RequireEnrolled(Enrollment state, string courseId, string studentId)
    {
        switch (state.Status)
        {
            case EnrollmentStatus.None:
                throw new CommandRejectedException(Rejection.NotEnrolled, $"{studentId} is not enrolled in {courseId}.");
            case EnrollmentStatus.Dropped:
                throw new CommandRejectedException(Rejection.Conflict, $"{studentId} dropped {courseId}; a dropped enrollment is final.");
        }
    }

    private static void Require(string? problem)
    {
        if (problem is not null)
        {
            throw new CommandRejectedException(Rejection.Invalid, problem);
        }
    }
}
