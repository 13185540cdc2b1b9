using EduPlatform.Harness.Hosting;
using EduPlatform.Harness.Infrastructure;
using EduPlatform.Load;
using EduPlatform.Load.Proving;
using EduPlatform.Platform.Testing;
using static EduPlatform.Platform.Claims.ServicesIsolateCoursesFromVideoLoadClaim;

namespace EduPlatform.Platform.Claims;

/// <summary>
/// The platform in one shape for the claim, every host its own <c>dotnet</c> process, with Courses measured alone on
/// both sides of its loaded run: once started, Courses alone (baseline before); the loaded run (<see cref="LoadedRun"/>,
/// Courses with the Videos load, run by the claim's context); when it is disposed, once every Videos request has
/// finished, Courses alone again (baseline after), then the platform stops. The loaded p99 is compared with the mean of
/// the two baselines that bracket it, so the noise of a shared machine (other builds and tests, drifting over minutes)
/// is corrected in both directions instead of landing on whichever run happened to be quieter. Both baselines are
/// clean: no Videos request is in flight while they run.
/// </summary>
internal sealed class BracketedPlatform : IAsyncDisposable
{
    private readonly PlatformSystem _platform;
    private readonly VideoLoadWorkload _workload;
    private readonly ClaimContext _context;
    private readonly string _shape;
    private readonly TimeSpan _measured;
    private readonly HttpClient _coursesHttp = Http.CreateClient(new HttpClientLimits { MaxConnectionsPerServer = 100 });
    // Its own client and connection pool: the generator must not couple the two loads itself.
    private readonly HttpClient _videosHttp = Http.CreateClient(new HttpClientLimits { MaxConnectionsPerServer = 1000 });
    private LatencyStats? _before;
    private LatencyStats? _after;
    private bool _loaded;

    private BracketedPlatform(PlatformSystem platform, VideoLoadWorkload workload, ClaimContext context)
    {
        _platform = platform;
        _workload = workload;
        _context = context;
        _shape = platform.Shape.ToString().ToLowerInvariant();
        _measured = context.Duration(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(3));
    }

    /// <summary>Starts the platform in <paramref name="shape"/> on fresh databases and measures the baseline before.</summary>
    public static async Task<BracketedPlatform> StartAsync(IInfrastructure infrastructure, PlatformShape shape, ClaimContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var platform = await PlatformSystem.StartAsync(infrastructure, new PlatformSettings
        {
            Shape = shape,
            // Each host its own process, so no module shares a thread pool with another module (services) or with the
            // load generator (both shapes).
            Hosting = HostingMode.OutOfProcess,
            EnvironmentName = "Production",
            TranscoderBlockingMilliseconds = TranscoderBlockingMilliseconds,
            // Access logs stay on (the production shape), but their lines are not echoed here.
            Log = _ => { },
        }, cancellationToken);
        BracketedPlatform? bracketed = null;
        try
        {
            bracketed = new BracketedPlatform(platform, await VideoLoadWorkload.PrepareAsync(platform, cancellationToken), context);
            bracketed._before = await bracketed.BaselineAsync("baseline before", context.Duration(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(1)));
            return bracketed;
        }
        catch
        {
            await (bracketed?.DisposeAsync() ?? platform.DisposeAsync());
            throw;
        }
    }

    /// <summary>The run the claim is about: Courses at its steady rate, judged on errors, with the Videos load beside it.</summary>
    public RunPlan LoadedRun()
    {
        _loaded = true;
        var videos = Scenario.Create("videos", async ctx =>
            {
                using var request = _workload.NextChunk();
                return await Http.Send(_videosHttp, request, ctx);
            })
            .WithLoadSimulations(Simulation.Inject(VideoChunksPerSecond, TimeSpan.FromSeconds(1), _measured));
        return new RunPlan(Courses(TimeSpan.Zero).WithThresholds(Threshold.Parse($"rate<{AllowedErrorRate}")), videos);
    }

    /// <summary>What this shape measured, with <paramref name="loaded"/> its loaded run. Read once the platform is disposed.</summary>
    public ShapeFigures Figures(RunResult loaded)
    {
        ArgumentNullException.ThrowIfNull(loaded);
        var courses = loaded.Scenario("courses").Stats;
        return new ShapeFigures(_shape, _before!, courses.Ok.Latency, _after ?? throw new InvalidOperationException("the baseline after was not measured"), courses.FailRate);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_loaded && !_context.CancellationToken.IsCancellationRequested)
            {
                // The run ended when its last Videos request did; give the server a moment to finish work whose client
                // already gave up (a timed-out request's blocked thread is still blocked).
                await Task.Delay(_context.Duration(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(1)), _context.CancellationToken);
                _after = await BaselineAsync("baseline after", TimeSpan.Zero);
            }
        }
        finally
        {
            _coursesHttp.Dispose();
            _videosHttp.Dispose();
            await _platform.DisposeAsync();
        }
    }

    private ScenarioProps Courses(TimeSpan warmUp) =>
        Scenario.Create("courses", ctx => Http.Send(_coursesHttp, _workload.CourseRead(), ctx))
            .WithWarmUpDuration(warmUp)
            .WithLoadSimulations(Simulation.Inject(CoursesPerSecond, TimeSpan.FromSeconds(1), warmUp + _measured));

    private async Task<LatencyStats> BaselineAsync(string label, TimeSpan warmUp)
    {
        var run = await LoadRunner.RegisterScenarios(Courses(warmUp))
            .WithRunName($"{_shape}: Courses alone ({label})")
            .WithReportFolder(Path.Combine(_context.ReportFolder, $"{_shape}-{label.Replace(' ', '-')}"))
            .WithConsole(_context.Console)
            .RunAsync(_context.CancellationToken);
        return run.Scenario("courses").Stats.Ok.Latency;
    }
}
