using System.Text.Json;
using EduPlatform.CoursePage.Dependencies;
using EduPlatform.CoursePage.Hosting;
using Microsoft.AspNetCore.Mvc;

namespace EduPlatform.CoursePage.Courses;

/// <summary>
/// The course page's endpoints. <c>summary</c> is served locally; <c>video</c> calls the video service; <c>price</c>
/// and <c>purchases</c> call the payment service; <c>page</c> composes all three. Each dependency has its own
/// pipeline, so one failing cannot use up what another needs.
/// </summary>
public static class CourseEndpoints
{
    private const int MaxIdempotencyKeyLength = 64;

    public static IEndpointRouteBuilder MapCourseEndpoints(this IEndpointRouteBuilder app)
    {
        var course = app.MapGroup("/courses/{courseId}");
        course.MapGet("/summary", GetSummary);
        course.MapGet("/video", GetVideoAsync);
        course.MapGet("/price", GetPriceAsync);
        course.MapGet("/page", GetPageAsync);
        course.MapPost("/purchases", PurchaseAsync);
        return app;
    }

    private static IResult GetSummary(string courseId, CourseCatalog catalog) =>
        Resolve(courseId, catalog, out _, out var summary) ?? TypedResults.Ok(summary);

    private static Task<IResult> GetVideoAsync(string courseId, CourseCatalog catalog, VideoClient video, HttpResponse response, CancellationToken cancellationToken) =>
        CallDependencyAsync(courseId, catalog, response, id => video.GetVideoAsync(id, cancellationToken), (course, body) => new { courseId = course.Id, video = body });

    private static Task<IResult> GetPriceAsync(string courseId, CourseCatalog catalog, PaymentsClient payments, HttpResponse response, CancellationToken cancellationToken) =>
        CallDependencyAsync(courseId, catalog, response, id => payments.GetPriceAsync(id, cancellationToken), (course, body) => new { courseId = course.Id, price = body });

    private static async Task<IResult> GetPageAsync(
        string courseId,
        CourseCatalog catalog,
        VideoClient video,
        PaymentsClient payments,
        HttpResponse response,
        CancellationToken cancellationToken)
    {
        if (Resolve(courseId, catalog, out var id, out var summary) is { } invalid)
        {
            return invalid;
        }

        // Both at once: the page takes as long as the slower dependency, not the sum of both.
        var videoCall = video.GetVideoAsync(id, cancellationToken);
        var priceCall = payments.GetPriceAsync(id, cancellationToken);
        var (videoOutcome, priceOutcome) = (await videoCall, await priceCall);

        // No fallback yet (an exercise): the page fails with the first dependency that failed.
        if ((videoOutcome.Failure ?? priceOutcome.Failure) is { } failure)
        {
            return DependencyProblem.For(failure, response);
        }

        return TypedResults.Ok(new { course = summary, video = videoOutcome.Body, price = priceOutcome.Body });
    }

    private static async Task<IResult> PurchaseAsync(
        string courseId,
        PurchaseRequest purchase,
        [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey,
        CourseCatalog catalog,
        PaymentsClient payments,
        HttpResponse response,
        CancellationToken cancellationToken)
    {
        if (Resolve(courseId, catalog, out var id, out var summary) is { } invalid)
        {
            return invalid;
        }

        var errors = new Dictionary<string, string[]>();
        if (purchase.StudentId is not { Length: > 0 and <= 64 } studentId || !studentId.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
        {
            errors["studentId"] = ["Required: 1 to 64 letters, digits or hyphens."];
        }

        if (idempotencyKey is not { Length: > 0 and <= MaxIdempotencyKeyLength } || !idempotencyKey.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            errors["Idempotency-Key"] = ["Required header: 1 to 64 letters, digits, hyphens or underscores, the same on every repeat of this purchase."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "Invalid purchase", type: ProblemTypes.Validation);
        }

        var outcome = await payments.PurchaseAsync(id, purchase.StudentId!, idempotencyKey!, cancellationToken);
        return outcome.Failure is { } failure
            ? DependencyProblem.For(failure, response)
            : TypedResults.Ok(new { courseId = summary.Id, payment = outcome.Body });
    }

    // One dependency call for an existing course: its answer shaped by `answer`, or its failure as problem+json.
    private static async Task<IResult> CallDependencyAsync(
        string courseId,
        CourseCatalog catalog,
        HttpResponse response,
        Func<CourseId, Task<DependencyOutcome>> call,
        Func<CourseSummary, JsonElement, object> answer)
    {
        if (Resolve(courseId, catalog, out var id, out var summary) is { } invalid)
        {
            return invalid;
        }

        var outcome = await call(id);
        return outcome.Failure is { } failure ? DependencyProblem.For(failure, response) : TypedResults.Ok(answer(summary, outcome.Body));
    }

    // Null when the course exists; otherwise the 400 or 404 to return.
    private static IResult? Resolve(string courseId, CourseCatalog catalog, out CourseId id, out CourseSummary summary)
    {
        summary = null!;
        if (!CourseId.TryParse(courseId, out id))
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["courseId"] = [$"A course id is 1 to {CourseId.MaxLength} lowercase letters and digits in hyphen-separated words."] },
                title: "Invalid course id",
                type: ProblemTypes.Validation);
        }

        if (catalog.Find(id) is not { } found)
        {
            return TypedResults.Problem(detail: $"There is no course '{id}'.", statusCode: StatusCodes.Status404NotFound, title: "Not found", type: ProblemTypes.NotFound);
        }

        summary = found;
        return null;
    }
}
