using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using EduPlatform.CoursePage.Courses;
using EduPlatform.CoursePage.Hosting;
using EduPlatform.Harness.Faults;
using EduPlatform.Harness.Hosting;
using EduPlatform.Load;

namespace EduPlatform.CircuitBreaker.Claims;

/// <summary>
/// Chapter 07's course page as a system under load: the demo's own process, started from its assembly with the
/// settings a claim gives it, its video and payment services played by stubs in this process.
/// </summary>
internal sealed class CoursePageUnderLoad : IAsyncDisposable
{
    public const string CourseId = "algebra-1";
    public const string VideoPath = "/videos/" + CourseId;
    public const string PricePath = "/prices/" + CourseId;

    public static readonly StubBehavior Manifest = StubBehavior.Json("""{"manifest": "https://cdn.eduplatform.example/algebra-1/master.m3u8"}""");
    public static readonly StubBehavior Price = StubBehavior.Json("""{"amount": 4900, "currency": "EUR"}""");

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    // Breaker transitions are the only lines worth printing; a console busy with per-request lines would be part of
    // what the run measures.
    private static readonly Dictionary<string, string?> Quiet = new()
    {
        ["Logging:LogLevel:Default"] = "Warning",
        ["Logging:LogLevel:Polly"] = "None",
        ["Logging:LogLevel:EduPlatform.CoursePage.Resilience"] = "Information",
    };

    private readonly HttpClient _diagnostics;

    private CoursePageUnderLoad(DownstreamStub video, DownstreamStub payments, ServiceInstance service)
    {
        Video = video;
        Payments = payments;
        Service = service;
        _diagnostics = service.CreateClient(TimeSpan.FromSeconds(10));
    }

    public DownstreamStub Video { get; }

    public DownstreamStub Payments { get; }

    public ServiceInstance Service { get; }

    public static async Task<CoursePageUnderLoad> StartAsync(string name, IReadOnlyDictionary<string, string?> settings, CancellationToken cancellationToken)
    {
        var video = DownstreamStub.Start();
        var payments = DownstreamStub.Start();
        try
        {
            var configuration = new Dictionary<string, string?>(Quiet)
            {
                ["Dependencies:Video:BaseUrl"] = video.BaseAddress.ToString(),
                ["Dependencies:Payments:BaseUrl"] = payments.BaseAddress.ToString(),
            };
            foreach (var (key, value) in settings)
            {
                configuration[key] = value;
            }

            var service = await ServiceHost.StartAsync(ServiceApp.FromEntryPoint<CourseCatalog>(name),
                new ServiceHostOptions { Mode = HostingMode.OutOfProcess, Configuration = configuration }, cancellationToken);
            var started = new CoursePageUnderLoad(video, payments, service);
            await started.WarmUpAsync(cancellationToken);
            return started;
        }
        catch
        {
            video.Dispose();
            payments.Dispose();
            throw;
        }
    }

    /// <summary>
    /// A client for one stream of load: connections enough that the generator never queues a request itself
    /// (a contrast run can have a thousand in flight).
    /// </summary>
    public static HttpClient LoadClient() => Http.CreateClient(new HttpClientLimits { MaxConnectionsPerServer = 2000 });

    /// <summary>
    /// GET <paramref name="url"/> once per iteration, as one step named by its outcome ("answered", "circuit-open",
    /// "bulkhead-full", ...), so each kind of answer has its own latency; failures carry their problem type
    /// ("503 circuit-open").
    /// </summary>
    public static ScenarioProps Get(string scenario, HttpClient http, Uri url) =>
        Scenario.Create(scenario, ctx => GetOnce(http, url, ctx));

    /// <summary>One iteration of <see cref="Get"/>.</summary>
    public static Task<Response> GetOnce(HttpClient http, Uri url, ScenarioContext context) =>
        Step.Run(context,
            () => Http.Send(http, Http.CreateRequest("GET", url.ToString()), CoursePageAnswer.Judge, context),
            CoursePageAnswer.Outcome);

    public Uri Url(string endpoint) => new(Service.BaseAddress, $"courses/{CourseId}/{endpoint}");

    /// <summary>
    /// A fresh process answers its first requests slowly (JIT, first connections), and so does a fresh stub: slowly
    /// enough, on a busy machine, for attempt timeouts that would open a breaker before a claim begins. A few rounds of
    /// healthy answers first; the claim's own mappings replace these (a later mapping wins).
    /// </summary>
    private async Task WarmUpAsync(CancellationToken cancellationToken)
    {
        Video.Map(VideoPath, Manifest);
        Payments.Map(PricePath, Price);
        for (var round = 0; round < 20; round++)
        {
            foreach (var endpoint in new[] { "summary", "video", "price" })
            {
                using var response = await _diagnostics.GetAsync(Url(endpoint), cancellationToken);
            }
        }
    }

    public async Task<ResilienceReport> DiagnosticsAsync(CancellationToken cancellationToken) =>
        await _diagnostics.GetFromJsonAsync<ResilienceReport>(new Uri("diagnostics/resilience", UriKind.Relative), Json, cancellationToken)
        ?? throw new InvalidOperationException("/diagnostics/resilience answered null");

    public async ValueTask DisposeAsync()
    {
        _diagnostics.Dispose();
        await Service.DisposeAsync();
        Video.Dispose();
        Payments.Dispose();
    }
}
