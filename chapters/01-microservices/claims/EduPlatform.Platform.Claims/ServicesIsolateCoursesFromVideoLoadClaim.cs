using EduPlatform.Harness.Hosting;
using EduPlatform.Harness.Infrastructure;
using EduPlatform.Load;
using EduPlatform.Load.Proving;
using EduPlatform.Platform.Testing;
using Spectre.Console;

namespace EduPlatform.Platform.Claims;

/// <summary>
/// Chapter 01's claim: splitting the platform into services isolates Courses from a hot Videos path.
///
/// Why this load shows it honestly on a 2-core machine (the chapter README says it at length): the
/// generator, every platform process and PostgreSQL share the same two cores in both shapes, so
/// the Videos cost is NOT CPU. It is a synchronous "legacy transcoder" that blocks a thread-pool
/// thread for <see cref="TranscoderBlockingMilliseconds"/> per chunk without computing. Blocked
/// threads are the resource the monolith shares between modules and separate processes do not:
/// .NET injects new pool threads slowly, so in one process every Courses request queues behind the
/// blocked chunk requests; in the services shape the Videos process starves alone. The Videos rate
/// is modest (20 req/s), so its HTTP handling adds little CPU to the shared cores.
///
/// Each shape gets a fresh set of databases and its own processes (chapter 01's <see cref="PlatformSystem"/>, every
/// host its own <c>dotnet</c> process, environment Production). The services shape is the main run (judged); the
/// monolith is the contrast (shown beside it, and checked to degrade). The two loads are the chapter's
/// <see cref="VideoLoadWorkload"/>.
/// </summary>
public sealed class ServicesIsolateCoursesFromVideoLoadClaim : IClaim
{
    private const int CoursesPerSecond = 50;
    private const int VideoChunksPerSecond = 10;
    private const int TranscoderBlockingMilliseconds = 2000;
    private const double AllowedP99Ratio = 1.5;
    private const double AllowedErrorRate = 0.001;

    public string Name => "01-services-isolate-courses-from-video-load";

    public string Chapter => "01";

    public string Statement =>
        $"Under heavy load on Videos ({VideoChunksPerSecond} chunk/s, each blocking a thread {TranscoderBlockingMilliseconds} ms), "
        + $"Courses run as its own service keeps p99 <= {AllowedP99Ratio}x its unloaded baseline with < {AllowedErrorRate:P1} errors; "
        + "in the monolith the same load degrades Courses.";

    public async Task<ClaimResult> RunAsync(ClaimContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        await using var infrastructure = new WorkbookInfrastructure(line => context.Console?.WriteLine(line));

        ShapeFigures services;
        await using (var platform = await PlatformSystem.StartAsync(infrastructure, SettingsFor(PlatformShape.Services), context.CancellationToken))
        {
            services = await MeasureShapeAsync(context, platform, judged: true);
        }

        ShapeFigures monolith;
        await using (var platform = await PlatformSystem.StartAsync(infrastructure, SettingsFor(PlatformShape.Monolith), context.CancellationToken))
        {
            monolith = await MeasureShapeAsync(context, platform, judged: false);
        }

        context.Console?.WriteLine(services.ToString());
        context.Console?.WriteLine(monolith.ToString());
        // Both comparisons are timing claims: judged on full runs only (a quick run's few samples
        // cannot carry a p99), and reported either way.
        if (!context.Quick)
        {
            context.Check($"services: Courses p99 with the Videos load <= {AllowedP99Ratio}x its unloaded baseline (mean of the p99s before and after)",
                services.Reliable && services.P99Ratio <= AllowedP99Ratio, services.ToString());
            // The claim is "with vs without": if the monolith did not degrade either, this load
            // proves nothing about the decomposition, whatever the services run measured.
            context.Check("monolith: the same Videos load degrades Courses (the contrast)",
                monolith.P99Ratio > AllowedP99Ratio || monolith.LoadedErrorRate >= AllowedErrorRate, monolith.ToString());
        }

        return context.Complete();
    }

    /// <summary>The platform in <paramref name="shape"/>, as the claim runs it: the separation it is about must be real.</summary>
    private static PlatformSettings SettingsFor(PlatformShape shape) => new()
    {
        Shape = shape,
        // Each host its own process, so no module shares a thread pool with another module (services) or with the
        // load generator (both shapes).
        Hosting = HostingMode.OutOfProcess,
        EnvironmentName = "Production",
        TranscoderBlockingMilliseconds = TranscoderBlockingMilliseconds,
        // Access logs stay on (the production shape), but their lines are not echoed here.
        Log = _ => { },
    };

    /// <summary>
    /// Per shape, in fresh processes: Courses alone (baseline before), Courses with the Videos load
    /// (the run the claim is about), Courses alone again once every Videos request has finished
    /// (baseline after). The loaded p99 is compared with the mean of the two baselines that bracket
    /// it, so the noise of this shared machine (other builds and tests, drifting over minutes) is
    /// corrected in both directions instead of landing on whichever run happened to be quieter.
    /// Both baselines are clean: no Videos request is in flight while they run.
    /// </summary>
    private static async Task<ShapeFigures> MeasureShapeAsync(ClaimContext context, PlatformSystem platform, bool judged)
    {
        var shape = platform.Shape.ToString().ToLowerInvariant();
        using var coursesHttp = Http.CreateClient(new HttpClientLimits { MaxConnectionsPerServer = 100 });
        // Its own client and connection pool: the generator must not couple the two loads itself.
        using var videosHttp = Http.CreateClient(new HttpClientLimits { MaxConnectionsPerServer = 1000 });
        var workload = await VideoLoadWorkload.PrepareAsync(platform, context.CancellationToken);
        var measured = context.Duration(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(3));

        ScenarioProps Courses(TimeSpan warmUp) =>
            Scenario.Create("courses", ctx => Http.Send(coursesHttp, workload.CourseRead(), ctx))
                .WithWarmUpDuration(warmUp)
                .WithLoadSimulations(Simulation.Inject(CoursesPerSecond, TimeSpan.FromSeconds(1), warmUp + measured));

        async Task<LatencyStats> BaselineAsync(string label, TimeSpan warmUp)
        {
            var run = await LoadRunner.RegisterScenarios(Courses(warmUp))
                .WithRunName($"{shape}: Courses alone ({label})")
                .WithReportFolder(Path.Combine(context.ReportFolder, $"{shape}-{label.Replace(' ', '-')}"))
                .WithConsole(context.Console)
                .RunAsync(context.CancellationToken);
            return run.Scenario("courses").Stats.Ok.Latency;
        }

        var before = await BaselineAsync("baseline before", context.Duration(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(1)));

        var videos = Scenario.Create("videos", async ctx =>
            {
                using var request = workload.NextChunk();
                return await Http.Send(videosHttp, request, ctx);
            })
            .WithLoadSimulations(Simulation.Inject(VideoChunksPerSecond, TimeSpan.FromSeconds(1), measured));
        var underLoad = Courses(TimeSpan.Zero).WithThresholds(Threshold.Parse($"rate<{AllowedErrorRate}"));
        var loaded = judged ? await context.RunAsync(underLoad, videos) : await context.RunContrastAsync(underLoad, videos);

        // The run ended when its last Videos request did; give the server a moment to finish work
        // whose client already gave up (a timed-out request's blocked thread is still blocked).
        await Task.Delay(context.Duration(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(1)), context.CancellationToken);
        var after = await BaselineAsync("baseline after", TimeSpan.Zero);
        var courses = loaded.Scenario("courses").Stats;
        return new ShapeFigures(shape, before, courses.Ok.Latency, after, courses.FailRate);
    }
}
