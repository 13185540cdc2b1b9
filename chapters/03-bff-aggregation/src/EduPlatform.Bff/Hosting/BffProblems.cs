using EduPlatform.Bff.Dashboard;

namespace EduPlatform.Bff.Hosting;

/// <summary>Every error answer of the BFF: RFC 9457 problem+json with a stable <c>type</c>, never a stack trace.</summary>
public static class BffProblems
{
    public const string TypeBase = "https://eduplatform.example/problems/";

    public static IResult Validation(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, type: TypeBase + "validation");

    public static IResult NoSubject() => TypedResults.Problem(
        statusCode: StatusCodes.Status401Unauthorized, title: "Token without subject", type: TypeBase + "token-without-subject",
        detail: "The token is valid but names no student (no 'sub' claim), so there is no dashboard to build.");

    public static IResult RequiredSectionUnavailable(IReadOnlyList<string> sections, DashboardAnswer answer) => TypedResults.Problem(
        statusCode: StatusCodes.Status503ServiceUnavailable, title: "Required section unavailable", type: TypeBase + "required-section-unavailable",
        detail: $"The dashboard cannot be shown without {string.Join(", ", sections)}, and no copy of it could be served.",
        extensions: new Dictionary<string, object?>
        {
            ["unavailable"] = sections,
            ["sections"] = answer.Sections.ToDictionary(s => s.Key, s => new { status = s.Value.Status, reason = s.Value.Reason }),
        });

    public static IResult SectionsFailed(IReadOnlyList<string> sections) => TypedResults.Problem(
        statusCode: StatusCodes.Status502BadGateway, title: "A downstream failed", type: TypeBase + "downstream-failed",
        detail: $"All-or-nothing aggregation (the seed's Promise.all): {string.Join(", ", sections)} had no answer, so the page has none.",
        extensions: new Dictionary<string, object?> { ["failed"] = sections });

    public static IResult HeadersTooLarge(string detail) => TypedResults.Problem(
        statusCode: StatusCodes.Status431RequestHeaderFieldsTooLarge, title: "Request headers too large", type: TypeBase + "headers-too-large",
        detail: detail);
}
