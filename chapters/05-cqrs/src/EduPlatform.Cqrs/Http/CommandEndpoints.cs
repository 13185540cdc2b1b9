using EduPlatform.Cqrs.Domain;

namespace EduPlatform.Cqrs.Http;

/// <summary>
/// The write side over HTTP. Every command answers with where its event landed; <c>position</c> is the token a client
/// passes to a query (<c>?position=</c>) to read its own write.
/// </summary>
public static class CommandEndpoints
{
    public static IEndpointRouteBuilder MapCommandEndpoints(this IEndpointRouteBuilder app)
    {
        var enrollments = app.MapGroup("/courses/{courseId}/enrollments");
        enrollments.MapPost("/", (string courseId, EnrollRequest? body, EnrollmentCommandHandler handler, CancellationToken cancellationToken) =>
            RunAsync(body, b => handler.HandleAsync(new Enroll(courseId, b.StudentId!, b.StudentName!), cancellationToken)));
        enrollments.MapPost("/{studentId}/completed-lessons", (string courseId, string studentId, CompleteLessonRequest? body, EnrollmentCommandHandler handler, CancellationToken cancellationToken) =>
            RunAsync(body, b => handler.HandleAsync(new CompleteLesson(courseId, studentId, b.LessonId!), cancellationToken)));
        enrollments.MapPost("/{studentId}/quiz-submissions", (string courseId, string studentId, SubmitQuizRequest? body, EnrollmentCommandHandler handler, CancellationToken cancellationToken) =>
            RunAsync(body, b => b.Score is null
                ? throw new CommandRejectedException(Rejection.Invalid, "score is required.")
                : handler.HandleAsync(new SubmitQuiz(courseId, studentId, b.QuizId!, b.Score.Value), cancellationToken)));
        // The body is optional here: dropping needs no reason.
        enrollments.MapPost("/{studentId}/drop", async (string courseId, string studentId, DropRequest? body, EnrollmentCommandHandler handler, CancellationToken cancellationToken) =>
            Results.Ok(await handler.HandleAsync(new DropEnrollment(courseId, studentId, body?.Reason ?? ""), cancellationToken)));
        return app;
    }

    private static async Task<IResult> RunAsync<TBody>(TBody? body, Func<TBody, Task<CommandResult>> handle)
        where TBody : class
    {
        if (body is null)
        {
            return Problems.Invalid("The body must be a JSON object.");
        }

        // Missing fields arrive as null and are refused by the handler's validation with the field's name.
        return Results.Ok(await handle(body));
    }
}

public sealed record EnrollRequest(string? StudentId, string? StudentName);

public sealed record CompleteLessonRequest(string? LessonId);

public sealed record SubmitQuizRequest(string? QuizId, int? Score);

public sealed record DropRequest(string? Reason);
