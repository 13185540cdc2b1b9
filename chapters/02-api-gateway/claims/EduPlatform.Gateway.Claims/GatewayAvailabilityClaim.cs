using EduPlatform.Gateway.Testing;
using EduPlatform.Harness.Infrastructure;
using EduPlatform.Load;
using EduPlatform.Load.Proving;
using static EduPlatform.Gateway.Configuration.ReverseProxyKeys;

namespace EduPlatform.Gateway.Claims;

/// <summary>
/// One of three Courses instances is killed (SIGKILL) mid-run: retries to another destination and passive health
/// checks keep availability at 99.9% or better, proven by the lower confidence bound. The contrast is the same run
/// and the same kill (one fault plan, on the run's clock), on a freshly started system with retries and passive health
/// checks off (only the active probe, every 5 s, notices the dead instance).
/// </summary>
public sealed class GatewayAvailabilityClaim : IClaim
{
    private const int Rate = 200;

    public string Name => "02-gateway-availability";

    public string Chapter => "02";

    public string Statement =>
        $"With one of three Courses instances killed mid-run at {Rate} requests/s, at least 99.9% of requests through the gateway "
        + "succeed (95% lower confidence bound); without retries and passive health checks the same kill loses requests.";

    public async Task<ClaimResult> RunAsync(ClaimContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        await using var infrastructure = new WorkbookInfrastructure();
        using var http = Http.CreateClient(new HttpClientLimits { MaxConnectionsPerServer = 200 });
        var warmUp = context.Duration(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(1));
        var killAt = context.Duration(TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(2));
        var during = context.Duration(TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(6));

        // With the pattern (as deployed), or without it: no retries, no passive health checks. Each a fresh system.
        Task<GatewaySystem> StartAsync(bool withPattern, CancellationToken cancellationToken) =>
            GatewaySystem.StartAsync(infrastructure, new GatewaySettings
            {
                Hosting = ClaimHosting.For(context),
                RetryMaxAttempts = withPattern ? null : 1,
                PassiveHealthChecks = withPattern,
            }.Behind(ClusterIds.Courses, Upstream.Platform(3)), cancellationToken);

        RunPlan KillTheSecondInstance(GatewaySystem system)
        {
            var victim = system.Instances(ClusterIds.Courses)[1];
            return new RunPlan(
                [EnrollmentLists.Scenario("enrollments", http, system.Learners, _ => system.BaseAddress, Rate, warmUp, during)
                    .WithThresholds(Threshold.Parse("availability_lb>=0.999"), Threshold.Parse("rate<0.001"))],
                FaultPlan.None.At(killAt, $"{victim.Name} killed (SIGKILL)", _ => victim.KillAsync()));
        }

        var pair = await context.RunPairAsync(StartAsync, KillTheSecondInstance);
        var (with, without) = (pair.WithPattern.Scenario("enrollments").Stats, pair.WithoutPattern.Scenario("enrollments").Stats);

        context.Check("the contrast (no retries, no passive health) loses requests to the same kill: the pattern is what saves them",
            without.Fail.Count > with.Fail.Count,
            $"failed with the pattern {with.Fail.Count:N0} of {with.AllCount:N0}; without {without.Fail.Count:N0} of {without.AllCount:N0}");
        return context.Complete();
    }
}
