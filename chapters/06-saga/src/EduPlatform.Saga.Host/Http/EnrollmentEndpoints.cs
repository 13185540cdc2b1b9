using System.Text.RegularExpressions;
using EduPlatform.Saga.Messaging;

namespace EduPlatform.Saga.Host.Http;

/// <summary>The enrollment API: start one, see it, see its history; the operator's dead letters, listed and retried.</summary>
internal static partial class EnrollmentEndpoints
{
    public const decimal MaxAmount = 100_000m;

    public static void Map(WebApplication app)
    {
        app.MapPost("/enrollments", StartAsync);
        app.MapGet("/enrollments/{id}", FindAsync);
        app.MapGet("/enrollments/{id}/history", HistoryAsync);
        app.MapGet("/admin/dead-letters", async (SagaNodeService node, CancellationToken token) =>
            node.Front is { } front ? Results.Ok(await front.DeadLettersAsync(token)) : NotServedHere());
        app.MapPost("/admin/dead-letters/{id}/retry", RetryAsync);
        app.MapGet("/health", (SagaNodeService node) => Results.Ok(new { style = node.Style.ToString(), services = node.ServiceNames }));
    }

    private static async Task<IResult> StartAsync(EnrollmentRequest? request, SagaNodeService node, HttpContext http, CancellationToken token)
    {
        if (node.Front is not { } front)
        {
            return NotServedHere();
        }

        var errors = Validate(request);
        if (errors.Count > 0)
        {
            return Results.ValidationProblem(errors, type: ProblemTypes.InvalidRequest, title: "The enrollment request is not valid");
        }

        var enrollment = new EnrollmentDetails(request!.EnrollmentId ?? Guid.NewGuid(), request.StudentId!, request.CourseId!, request.Amount!.Value);
        var existing = await front.FindAsync(enrollment.EnrollmentId, token);
        if (existing is not null && (existing.StudentId != enrollment.StudentId || existing.CourseId != enrollment.CourseId || existing.Amount != enrollment.Amount))
        {
            return Results.Problem(type: ProblemTypes.InvalidRequest, statusCode: 409, title: "Another enrollment has this id",
                detail: "An enrollment with this id exists for another student, course or amount.");
        }

        // The request id is the first message's cause: every message of the saga leads back to this request.
        var requestId = Guid.NewGuid();
        var created = existing is null && await front.StartAsync(enrollment, requestId, token);
        http.Response.Headers["X-Request-Id"] = requestId.ToString();
        return Results.Accepted($"/enrollments/{enrollment.EnrollmentId}", new { enrollmentId = enrollment.EnrollmentId, created });
    }

    private static async Task<IResult> FindAsync(string id, SagaNodeService node, CancellationToken token)
    {
        if (node.Front is not { } front)
        {
            return NotServedHere();
        }

        if (!Guid.TryParse(id, out var enrollmentId))
        {
            return InvalidId(id);
        }

        return await front.FindAsync(enrollmentId, token) is { } view ? Results.Ok(view) : NotFound(enrollmentId);
    }

    private static async Task<IResult> HistoryAsync(string id, SagaNodeService node, CancellationToken token)
    {
        if (node.Front is not { } front)
        {
            return NotServedHere();
        }

        if (!Guid.TryParse(id, out var enrollmentId))
        {
            return InvalidId(id);
        }

        if (await front.FindAsync(enrollmentId, token) is null)
        {
            return NotFound(enrollmentId);
        }

        return Results.Ok(await front.HistoryAsync(enrollmentId, token));
    }

    private static async Task<IResult> RetryAsync(string id, SagaNodeService node, CancellationToken token)
    {
        if (node.Front is not { } front)
        {
            return NotServedHere();
        }

        if (!Guid.TryParse(id, out var deadLetterId))
        {
            return InvalidId(id);
        }

        return await front.RetryDeadLetterAsync(deadLetterId, token) switch
        {
            RetryOutcome.Retried => Results.Accepted(),
            RetryOutcome.AlreadyRetried => Results.Problem(type: ProblemTypes.AlreadyRetried, statusCode: 409, title: "Already retried",
                detail: $"Dead letter {deadLetterId} was sent again already; if it failed again, it is a new dead letter."),
            _ => Results.Problem(type: ProblemTypes.NotFound, statusCode: 404, title: "No such dead letter", detail: $"No dead letter has id {deadLetterId}."),
        };
    }

    private static Dictionary<string, string[]> Validate(EnrollmentRequest? request)
    {
        var errors = new Dictionary<string, string[]>();
        if (request is null)
        {
            errors["body"] = ["A JSON body with studentId, courseId and amount is required."];
            return errors;
        }

        if (!IsName(request.StudentId))
        {
            errors["studentId"] = ["Required: 1 to 64 letters, digits, '-' or '_'."];
        }

        if (!IsName(request.CourseId))
        {
            errors["courseId"] = ["Required: 1 to 64 letters, digits, '-' or '_'."];
        }

        if (request.Amount is not { } amount || amount <= 0 || amount > MaxAmount || decimal.Round(amount, 2) != amount)
        {
            errors["amount"] = [$"Required: more than 0, at most {MaxAmount}, at most two decimals."];
        }

        if (request.EnrollmentId == Guid.Empty)
        {
            errors["enrollmentId"] = ["Leave it out, or send a non-empty UUID."];
        }

        return errors;
    }

    private static bool IsName(string? value) => value is not null && NamePattern().IsMatch(value);

    private static IResult InvalidId(string id) => Results.Problem(type: ProblemTypes.InvalidRequest, statusCode: 400, title: "Not an id",
        detail: $"'{(id.Length > 40 ? id[..40] + "..." : id)}' is not a UUID.");

    private static IResult NotFound(Guid id) => Results.Problem(type: ProblemTypes.NotFound, statusCode: 404, title: "No such enrollment",
        detail: $"No enrollment has id {id}.");

    private static IResult NotServedHere() => Results.Problem(type: ProblemTypes.NotServedHere, statusCode: 404, title: "Not served here",
        detail: "This node runs only participants; the enrollment API is on the node that runs the orchestrator (or the enrollments service).");

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex NamePattern();
}
