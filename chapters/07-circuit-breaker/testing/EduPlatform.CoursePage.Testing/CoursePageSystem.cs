using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using EduPlatform.CoursePage.Courses;
using EduPlatform.CoursePage.Hosting;
using EduPlatform.Harness.Faults;
using EduPlatform.Harness.Hosting;

namespace EduPlatform.CoursePage.Testing;

/// <summary>
/// The chapter's system under test, wired in this one place for its tests and its claims: the course page on a real
/// loopback port (in process for tests, its own process for claims) with its video and payment services played by
/// harness <see cref="DownstreamStub"/>s, also on real ports. Each start is fresh: its own stubs, its own service,
/// nothing shared with another system.
/// </summary>
public sealed class CoursePageSystem : IAsyncDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private CoursePageSystem(CoursePageSettings settings, DownstreamStub video, DownstreamStub payments, ServiceInstance service)
    {
        Settings = settings;
        Video = video;
        Payments = payments;
        Service = service;
        Client = service.CreateClient();
    }

    public CoursePageSettings Settings { get; }

    /// <summary>The video service the course page calls (<c>GET /videos/{courseId}</c>).</summary>
    public DownstreamStub Video { get; }

    /// <summary>The payment service the course page calls (<c>GET /prices/{courseId}</c>, <c>POST /payments</c>).</summary>
    public DownstreamStub Payments { get; }

    public ServiceInstance Service { get; }

    /// <summary>A client of the course page, over the network to its Kestrel port. Owned by the system.</summary>
    public HttpClient Client { get; }

    /// <summary>The course page's services (in process only).</summary>
    public IServiceProvider Services => Service.Services;

    /// <summary>Starts both stubs, then the course page pointed at them, and waits until it is ready (and warm).</summary>
    public static async Task<CoursePageSystem> StartAsync(CoursePageSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var video = DownstreamStub.Start(settings.DependencyClock);
        var payments = DownstreamStub.Start(settings.DependencyClock);
        try
        {
            var service = await ServiceHost.StartAsync(
                ServiceApp.FromEntryPoint<CourseCatalog>("coursepage"),
                new ServiceHostOptions
                {
                    Mode = settings.Hosting,
                    Configuration = CoursePageConfiguration.Of(settings, video.BaseAddress, payments.BaseAddress),
                    TimeProvider = settings.Clock,
                    ConfigureServices = settings.ReplaceServices,
                    MinimumLogLevel = settings.MinimumLogLevel,
                    Log = settings.Log,
                },
                cancellationToken);
            var system = new CoursePageSystem(settings, video, payments, service);
            await system.WarmUpAsync(settings.WarmUpRounds, cancellationToken);
            return system;
        }
        catch
        {
            // a service that refuses its settings must not leave stubs listening
            video.Dispose();
            payments.Dispose();
            throw;
        }
    }

    /// <summary>The course page's <paramref name="endpoint"/> (<c>summary</c>, <c>video</c>, <c>price</c>, <c>page</c>, <c>purchases</c>) for a course.</summary>
    public Uri Url(string endpoint, string courseId = DependencyAnswers.CourseId) =>
        new(Service.BaseAddress, $"courses/{courseId}/{endpoint}");

    /// <summary>The course page's <c>/diagnostics/resilience</c>, typed.</summary>
    public async Task<ResilienceReport> DiagnosticsAsync(CancellationToken cancellationToken) =>
        await Client.GetFromJsonAsync<ResilienceReport>(new Uri("diagnostics/resilience", UriKind.Relative), Json, cancellationToken)
        ?? throw new InvalidOperationException("/diagnostics/resilience answered null");

    /// <summary>The same report as raw JSON, for what its shape promises.</summary>
    public async Task<JsonElement> DiagnosticsJsonAsync(CancellationToken cancellationToken) =>
        await Client.GetFromJsonAsync<JsonElement>(new Uri("diagnostics/resilience", UriKind.Relative), cancellationToken);

    /// <summary>
    /// The diagnostics report as the system was disposed: what a claim reads after a run whose system the engine has
    /// already stopped (the stubs' journals stay readable after disposal too). Null until then, or when the service
    /// could not answer.
    /// </summary>
    public ResilienceReport? FinalReport { get; private set; }

    public async ValueTask DisposeAsync()
    {
        if (Service.IsRunning)
        {
            using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                FinalReport = await DiagnosticsAsync(stopping.Token);
            }
            catch (Exception exception) when (exception is HttpRequestException or OperationCanceledException or JsonException)
            {
                FinalReport = null;
            }
        }

        Client.Dispose();
        await Service.DisposeAsync();
        Video.Dispose();
        Payments.Dispose();
    }

    // Healthy answers for a few rounds of every endpoint that calls nothing or one dependency; then the mappings and
    // journals are cleared, so a workload starts from stubs that have seen nothing.
    private async Task WarmUpAsync(int rounds, CancellationToken cancellationToken)
    {
        if (rounds == 0)
        {
            return;
        }

        Video.Map(DependencyAnswers.VideoPath, DependencyAnswers.Manifest);
        Payments.Map(DependencyAnswers.PricePath, DependencyAnswers.Price);
        for (var round = 0; round < rounds; round++)
        {
            foreach (var endpoint in new[] { "summary", "video", "price" })
            {
                using var response = await Client.GetAsync(Url(endpoint), cancellationToken);
            }
        }

        Video.Reset();
        Payments.Reset();
    }
}
