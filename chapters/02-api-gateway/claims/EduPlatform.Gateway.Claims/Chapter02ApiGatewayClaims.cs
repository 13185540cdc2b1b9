using System.Globalization;
using EduPlatform.Harness.Hosting;
using EduPlatform.Load;
using EduPlatform.Gateway.Claims;
using EduPlatform.Load.Proving;
using Spectre.Console;

namespace EduPlatform.Gateway.Claims;

// Chapter 02: the API gateway (chapters/02-api-gateway). Every system under test runs out of
// process (GatewayLab): the gateway, chapter 01's Courses service on PostgreSQL, Videos stand-ins.

/// <summary>
/// The full pipeline (JWT validation, per-client limiter, routing, balancing) at a sustained rate
/// keeps p99 under 50 ms. The contrast calls the Courses instances directly with the same tokens:
/// the difference is what the gateway adds.
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
        await using var lab = await GatewayLab.StartAsync(cancel);
        var courses = await lab.StartCoursesAsync(2, cancel);
        var gateway = await lab.StartGatewayAsync(new Dictionary<string, IReadOnlyList<ServiceInstance>> { ["courses"] = courses }, settings: null, cancel);
        using var http = Http.CreateClient(new HttpClientLimits { MaxConnectionsPerServer = 200 });
        var warmUp = context.Duration(TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(2));
        var during = context.Duration(TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(5));

        ScenarioProps Enrollments(string name, Func<ScenarioContext, ServiceInstance> target) =>
            lab.EnrollmentLists(name, http, target, Rate, warmUp, during)
                .WithThresholds(Threshold.Parse("p(99)<50"), Threshold.Parse("rate<0.001"));

        var viaGateway = (await context.RunAsync(Enrollments("via-gateway", _ => gateway))).Scenario("via-gateway").Stats;
        var direct = (await context.RunContrastAsync(Enrollments("direct-to-service", ctx => courses[(int)(ctx.InvocationNumber % courses.Count)])))
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

/// <summary>
/// One of three Courses instances is killed (SIGKILL) mid-run: retries to another destination and
/// passive health checks keep availability at 99.9% or better, proven by the lower confidence
/// bound. The contrast is the same run with retries and passive health checks off (only the
/// active probe, every 5 s, notices the dead instance).
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
        var cancel = context.CancellationToken;
        await using var lab = await GatewayLab.StartAsync(cancel);
        var courses = await lab.StartCoursesAsync(3, cancel);
        var clusters = new Dictionary<string, IReadOnlyList<ServiceInstance>> { ["courses"] = courses };
        using var http = Http.CreateClient(new HttpClientLimits { MaxConnectionsPerServer = 200 });
        var warmUp = context.Duration(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(2));
        var killAfter = warmUp + context.Duration(TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(3));
        var during = context.Duration(TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(10));

        ScenarioProps Enrollments(ServiceInstance gateway) =>
            lab.EnrollmentLists("enrollments", http, _ => gateway, Rate, warmUp, during)
                .WithThresholds(Threshold.Parse("availability_lb>=0.999"), Threshold.Parse("rate<0.001"));

        var withRetries = await lab.StartGatewayAsync(clusters, settings: null, cancel);
        var run = context.RunAsync(Enrollments(withRetries));
        await KillAsync(context, courses[1], killAfter, run);
        var stats = (await run).Scenario("enrollments").Stats;
        await withRetries.StopAsync(cancel);

        await courses[1].RestartAsync(cancel);
        var bare = await lab.StartGatewayAsync(clusters, new Dictionary<string, string?>
        {
            ["Gateway:Retry:MaxAttempts"] = "1",
            ["ReverseProxy:Clusters:courses:HealthCheck:Passive:Enabled"] = "false",
        }, cancel);
        var contrastRun = context.RunContrastAsync(Enrollments(bare));
        await KillAsync(context, courses[1], killAfter, contrastRun);
        var contrast = (await contrastRun).Scenario("enrollments").Stats;

        context.Check("the contrast (no retries, no passive health) loses requests to the same kill: the pattern is what saves them",
            contrast.Fail.Count > stats.Fail.Count,
            $"failed with the pattern {stats.Fail.Count:N0} of {stats.AllCount:N0}; without {contrast.Fail.Count:N0} of {contrast.AllCount:N0}");
        return context.Complete();
    }

    private static async Task KillAsync(ClaimContext context, ServiceInstance victim, TimeSpan after, Task run)
    {
        await Task.WhenAny(Task.Delay(after, context.CancellationToken), run);
        if (!run.IsCompleted)
        {
            await victim.KillAsync();
            context.MarkEvent($"{victim.Name} killed (SIGKILL)");
        }
    }
}

/// <summary>
/// Videos instances whose capacity is a fixed number of slots with a non-CPU cost per request
/// (so on two cores the scaling is of that bounded resource, not of CPU): the highest rate served
/// with p99 under 100 ms grows at least 1.8x from one to two instances and 3.2x from one to four.
/// </summary>
public sealed class GatewayScalingClaim : IClaim
{
    private const int Slots = 4;
    private const int CostMilliseconds = 50;
    private const double PerInstanceCapacity = Slots * 1000.0 / CostMilliseconds;

    public string Name => "02-gateway-scaling";

    public string Chapter => "02";

    public string Statement =>
        $"Behind the gateway, Videos instances of {Slots} slots x {CostMilliseconds} ms (non-CPU) each: the highest rate served with "
        + "p99 under 100 ms grows at least 1.8x from 1 to 2 instances and 3.2x from 1 to 4.";

    public async Task<ClaimResult> RunAsync(ClaimContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var cancel = context.CancellationToken;
        await using var lab = await GatewayLab.StartAsync(cancel);
        var videos = await lab.StartVideoStandInsAsync(4, Slots, CostMilliseconds, cancel);
        using var http = Http.CreateClient(new HttpClientLimits { MaxConnectionsPerServer = 2000 });
        var search = new MaxThroughputSearch(
            minimumStep: context.Duration(TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(2)),
            warmUp: context.Duration(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(2)),
            latencyBoundMs: 100,
            samplesPerStep: context.Pick(MaxThroughputSearch.SamplesForP99, 0));
        var fractions = context.Pick<double[]>([0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 1.0], [0.5, 0.7]);
        long users = 0;

        ScenarioProps Chunks(ServiceInstance gateway, string name, int rate, TimeSpan during) =>
            Scenario.Create(name, async ctx =>
                {
                    using var request = lab.Get(gateway, $"/api/videos/7/chunks/{ctx.InvocationNumber % 100}", Interlocked.Increment(ref users));
                    return await Http.Send(http, request, ctx);
                })
                .WithWarmUpDuration(TimeSpan.FromSeconds(1))
                .WithLoadSimulations(Simulation.Inject(rate, TimeSpan.FromSeconds(1), during));

        var maxima = new Dictionary<int, MaxThroughputSearch.Outcome>();
        var gateways = new Dictionary<int, ServiceInstance>();
        foreach (var count in new[] { 1, 2, 4 })
        {
            gateways[count] = await lab.StartGatewayAsync(
                new Dictionary<string, IReadOnlyList<ServiceInstance>> { ["videos"] = videos.Take(count).ToList() }, settings: null, cancel);
            maxima[count] = await search.RunAsync(PerInstanceCapacity * count, fractions,
                (rate, during) => Chunks(gateways[count], $"videos-x{count}", rate, during), cancel);
            context.Console?.MarkupLine(Markup.Escape($"{count} instance(s): {maxima[count].Describe()}"));
            if (count < 4)
            {
                await gateways[count].StopAsync(cancel);
            }
        }

        // The claim's bar as a reported run: four instances at 3.2x what one instance sustained, held
        // for 20 s within the bound. The contrast sends the same rate to a single instance.
        var confirmRate = Math.Max(1, (int)Math.Ceiling(3.2 * maxima[1].MaxRate));
        var confirmFor = context.Duration(TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(3));
        await context.RunAsync(Chunks(gateways[4], "videos-x4-at-3.2x-one", confirmRate, confirmFor)
            .WithThresholds(Threshold.Parse("p(99)<100"), Threshold.Parse("rate<0.01")));
        await gateways[4].StopAsync(cancel);
        var single = await lab.StartGatewayAsync(new Dictionary<string, IReadOnlyList<ServiceInstance>> { ["videos"] = videos.Take(1).ToList() }, null, cancel);
        await context.RunContrastAsync(Chunks(single, "videos-x1-at-the-same-rate", confirmRate, context.Duration(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(2)))
            .WithThresholds(Threshold.Parse("p(99)<100"), Threshold.Parse("rate<0.01")));

        var twoOverOne = Ratio(maxima[2].MaxRate, maxima[1].MaxRate);
        var fourOverOne = Ratio(maxima[4].MaxRate, maxima[1].MaxRate);
        context.Check("no request lost: every search step completed every request it started (any status)",
            maxima.Values.All(outcome => outcome.Steps.All(step => step.Completed == step.Started)),
            string.Join(" | ", maxima.Select(pair => $"x{pair.Key}: {pair.Value.Describe()}")));
        if (!context.Quick)
        {
            context.Check("2 instances serve >= 1.8x one instance's maximum", twoOverOne >= 1.8,
                string.Create(CultureInfo.InvariantCulture, $"{twoOverOne:0.00}x ({maxima[2].MaxRate}/s vs {maxima[1].MaxRate}/s)"));
            context.Check("4 instances serve >= 3.2x one instance's maximum", fourOverOne >= 3.2,
                string.Create(CultureInfo.InvariantCulture, $"{fourOverOne:0.00}x ({maxima[4].MaxRate}/s vs {maxima[1].MaxRate}/s)"));
        }

        return context.Complete();
    }

    private static double Ratio(int numerator, int denominator) => denominator == 0 ? 0 : (double)numerator / denominator;
}

/// <summary>
/// A thousand concurrent requests from one client admit exactly its budget (100, the default per
/// 15 minutes) and refuse the rest with 429; a second client sending at the same time is untouched.
/// </summary>
public sealed class GatewayRateLimitExactnessClaim : IClaim
{
    private const int Burst = 1000;
    private const int Budget = 100;
    private const int NeighbourRequests = 50;

    public string Name => "02-gateway-rate-limit-exact";

    public string Chapter => "02";

    public string Statement =>
        $"{Burst:N0} concurrent requests from one client admit exactly its budget ({Budget}) and refuse the rest with 429, "
        + $"while a second client's {NeighbourRequests} requests at the same time all succeed.";

    public async Task<ClaimResult> RunAsync(ClaimContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var cancel = context.CancellationToken;
        await using var lab = await GatewayLab.StartAsync(cancel);
        var courses = await lab.StartCoursesAsync(1, cancel);
        var gateway = await lab.StartGatewayAsync(new Dictionary<string, IReadOnlyList<ServiceInstance>> { ["courses"] = courses }, settings: null, cancel);
        using var http = Http.CreateClient(new HttpClientLimits { MaxConnectionsPerServer = Burst + NeighbourRequests });

        ScenarioProps Client(string name, long user, int copies, int iterations) =>
            Scenario.Create(name, async ctx =>
                {
                    using var request = lab.Get(gateway, "/api/courses/enrollments", user);
                    return await Http.Send(http, request, ctx);
                })
                .WithLoadSimulations(Simulation.IterationsForConstant(copies, iterations));

        static long Count(ScenarioStats stats, string status) => stats.StatusCodes.GetValueOrDefault(status);

        var greedy = Client("one-client-1000-at-once", user: 1, copies: Burst, iterations: Burst).WithThresholds(
            Threshold.Create($"exactly {Budget} admitted (200)", stats => Count(stats, "200") == Budget, stats => $"{Count(stats, "200")} admitted").AsCorrectness(),
            Threshold.Create($"the other {Burst - Budget} refused (429)", stats => Count(stats, "429") == Burst - Budget, stats => $"{Count(stats, "429")} refused").AsCorrectness());
        var neighbour = Client("second-client-meanwhile", user: 2, copies: 10, iterations: NeighbourRequests)
            .WithThresholds(Threshold.Parse("rate==0"));

        await context.RunAsync(greedy, neighbour);
        return context.Complete();
    }
}
