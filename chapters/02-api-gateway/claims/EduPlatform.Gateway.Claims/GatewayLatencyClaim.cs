using System.Globalization;
using EduPlatform.Gateway.Testing;
using EduPlatform.Harness.Infrastructure;
using EduPlatform.Load;
using EduPlatform.Load.Proving;
using Spectre.Console;
using static EduPlatform.Gateway.Configuration.ReverseProxyKeys;

namespace EduPlatform.Gateway.Claims;

/// <summary>
/// The full pipeline (JWT validation, per-client limiter, routing, balancing) at a sustained rate keeps p99 under
/// 50 ms. The contrast calls the Courses instances directly with the same tokens: the difference is what the gateway adds.
/// </summary>
public sealed class GatewayLatencyClaim : IClaim
{
    private const int Rate = 200;

    public string Name => "02-gateway-latency";

    public string Chapter => "02";

    public string Statement =>
        $"At {Rate} requests/s through the gateway's full pipeline (JWT validation, per-client rate limiter, routing, "
        + "balancing over two Courses instances), p99 latency from the intended start stays under 50 ms with under 0.1% errors.";

    public async Task<ClaimResult> RunAsync(ClaimContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var cancel = context.CancellationToken;
        await using var infrastructure = new WorkbookInfrastructure();
        await using var system = await GatewaySystem.StartAsync(infrastructure,
            new GatewaySettings { Hosting = ClaimHosting.For(context) }.Behind(ClusterIds.Courses, Upstream.Platform(2)), cancel);
        var courses = system.Instances(ClusterIds.Courses);
        using var http = Http.CreateClient(new HttpClientLimits { MaxConnectionsPerServer = 200 });
        var warmUp = context.Duration(TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(1));
        var during = context.Duration(TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(3));

        ScenarioProps Enrollments(string name, Func<ScenarioContext, Uri> target) =>
            EnrollmentLists.Scenario(name, http, system.Learners, target, Rate, warmUp, during)
                .WithThresholds(Threshold.Parse("p(99)<50"), Threshold.Parse("rate<0.001"));

        var viaGateway = (await context.RunAsync(Enrollments("via-gateway", _ => system.BaseAddress))).Scenario("via-gateway").Stats;
        var direct = (await context.RunContrastAsync(Enrollments("direct-to-service", ctx => courses[(int)(ctx.InvocationNumber % courses.Count)].BaseAddress)))
            .Scenario("direct-to-service").Stats;

        context.Console?.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
            $"gateway adds: p50 {viaGateway.Ok.Latency.P50Ms - direct.Ok.Latency.P50Ms:+0.00;-0.00} ms "
            + $"({direct.Ok.Latency.P50Ms:0.00} -> {viaGateway.Ok.Latency.P50Ms:0.00}), "
            + $"p99 {viaGateway.Ok.Latency.P99Ms - direct.Ok.Latency.P99Ms:+0.00;-0.00} ms ({direct.Ok.Latency.P99Ms:0.00} -> {viaGateway.Ok.Latency.P99Ms:0.00})")));
        context.Check("every request through the gateway was answered by a service (none refused by the limiter or the edge)",
            !viaGateway.StatusCodes.Keys.Any(code => code is "401" or "429" or "502" or "503"),
            string.Join(", ", viaGateway.StatusCodes.Select(pair => $"{pair.Key}: {pair.Value:N0}")));
        return context.Complete();
    }
}
