namespace EduPlatform.Cqrs.Http;

/// <summary>The app's RFC 9457 problem types: one URI per rule, so a client can branch on <c>type</c>.</summary>
public static class Problems
{
    private const string Base = "https://eduplatform.example/problems/";

    public const string InvalidRequest = Base + "invalid-request";
    public const string NotEnrolled = Base + "not-enrolled";
    public const string EnrollmentConflict = Base + "enrollment-conflict";
    public const string GenerationConflict = Base + "generation-conflict";
    public const string GenerationNotFound = Base + "generation-not-found";
    public const string Internal = Base + "internal";

    public static IResult Invalid(string detail) =>
        Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid request", detail: detail, type: InvalidRequest);
}
