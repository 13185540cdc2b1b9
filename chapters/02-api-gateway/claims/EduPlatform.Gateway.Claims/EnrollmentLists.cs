using EduPlatform.Gateway.Testing;
using EduPlatform.Load;

namespace EduPlatform.Gateway.Claims;

/// <summary>
/// The load of the latency and availability claims: learners reading their enrolment lists (a signed-in,
/// database-backed read of chapter 01's Courses) at a steady rate, open model, iteration n as learner n, each request
/// sent to whichever host the claim picks (the gateway, or a Courses instance directly for a contrast).
/// </summary>
internal static class EnrollmentLists
{
    public const string Path = "/api/courses/enrollments";

    public static ScenarioProps Scenario(
        string name, HttpClient http, LearnerTokens learners, Func<ScenarioContext, Uri> target, int rate, TimeSpan warmUp, TimeSpan during) =>
        Load.Scenario.Create(name, async ctx =>
            {
                using var request = learners.Get(target(ctx), Path, ctx.InvocationNumber);
                return await Http.Send(http, request, ctx);
            })
            .WithWarmUpDuration(warmUp)
            .WithLoadSimulations(Simulation.Inject(rate, TimeSpan.FromSeconds(1), during));
}
