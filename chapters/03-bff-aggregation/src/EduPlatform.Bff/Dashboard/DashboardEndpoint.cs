using EduPlatform.Bff.Downstreams;
using EduPlatform.Bff.Hosting;
using EduPlatform.Bff.Security;
using Microsoft.Extensions.Options;

namespace EduPlatform.Bff.Dashboard;

/// <summary>
/// <c>GET /dashboard</c> (bearer): the signed-in student's profile, enrolled courses, recent payments and recommended
/// videos, each section with its fate. <c>?sections=videos,payments</c> asks for some only (a client re-asking for the
/// sections it got degraded). 200 with the sections it has and a <c>Degraded</c> header naming the others; 503
/// problem+json only when a required section is unavailable.
/// </summary>
public static class DashboardEndpoint
{
    public static void MapDashboard(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/dashboard", AnswerAsync).RequireAuthorization();

    private static async Task<IResult> AnswerAsync(
        HttpContext context, string? sections, DashboardAggregator aggregator, IOptions<DashboardOptions> options, TimeProvider clock)
    {
        if (!SectionQuery.TryParse(sections, out var wanted, out var invalid))
        {
            return BffProblems.Validation(SectionQuery.Parameter, invalid);
        }

        if (StudentIdentity.From(context) is not { } identity)
        {
            return BffProblems.NoSubject();
        }

        var student = new Student(identity.Subject, identity.AccessToken, CorrelationId.Of(context));
        var answer = await aggregator.AggregateAsync(student, wanted, RequestArrival.Of(context, clock), context.RequestAborted);

        // Per-student data: no shared cache may keep it, and it varies with the token.
        context.Response.Headers.CacheControl = "private, no-store";
        context.Response.Headers.Vary = "Authorization";
        if (answer.Degraded is { } degraded)
        {
            context.Response.Headers[DashboardAnswer.DegradedHeader] = degraded;
        }

        var policy = options.Value;
        if (policy.Failures == FailurePolicy.AllOrNothing && answer.WithoutData() is { Count: > 0 } failed)
        {
            return BffProblems.SectionsFailed(failed);
        }

        if (answer.UnavailableRequired(policy.Required) is { Count: > 0 } missing)
        {
            return BffProblems.RequiredSectionUnavailable(missing, answer);
        }

        return TypedResults.Ok(answer);
    }
}
