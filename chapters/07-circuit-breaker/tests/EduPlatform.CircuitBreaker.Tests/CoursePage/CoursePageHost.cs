using System.Net.Http.Json;
using System.Text.Json;
using EduPlatform.Harness.Faults;
using EduPlatform.Harness.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EduPlatform.CircuitBreaker.Tests.CoursePage;

/// <summary>
/// The demo service on a real loopback port (the harness's <see cref="ServiceHost"/>, in process) with its two
/// dependencies played by harness <see cref="DownstreamStub"/>s, also on real ports. Every test starts its own host with
/// the settings it needs, so tests share nothing. This is the one place the chapter's tests wire the demo to its stubs.
/// </summary>
public sealed class CoursePageHost : IAsyncDisposable
{
    /// <summary>
    /// Settings every test starts from: small numbers so that retries and breaks play out in milliseconds. Timeouts are
    /// the exception: the first request of a test process takes about a second of JIT, so only tests about timeouts
    /// set short ones (with stubs far slower than them). A test overrides what it is about.
    /// </summary>
    private static readonly Dictionary<string, string?> FastDefaults = new()
    {
        ["Logging:LogLevel:Default"] = "Warning",
        ["Resilience:Video:Timeouts:Attempt"] = "00:00:05",
        ["Resilience:Video:Timeouts:Total"] = "00:00:10",
        ["Resilience:Payments:Timeouts:Attempt"] = "00:00:05",
        ["Resilience:Payments:Timeouts:Total"] = "00:00:10",
        ["Resilience:Video:Retry:BaseDelay"] = "00:00:00.010",
        ["Resilience:Video:Retry:MaxDelay"] = "00:00:00.050",
        ["Resilience:Video:CircuitBreaker:MinimumThroughput"] = "4",
        ["Resilience:Video:CircuitBreaker:BreakDuration"] = "00:00:00.500",
        ["Resilience:Payments:Retry:BaseDelay"] = "00:00:00.010",
        ["Resilience:Payments:Retry:MaxDelay"] = "00:00:00.050",
        ["Resilience:Payments:CircuitBreaker:MinimumThroughput"] = "4",
        ["Resilience:Payments:CircuitBreaker:BreakDuration"] = "00:00:00.500",
    };

    private readonly ServiceInstance _instance;

    private CoursePageHost(DownstreamStub video, DownstreamStub payments, ServiceInstance instance)
    {
        Video = video;
        Payments = payments;
        _instance = instance;
        Client = instance.CreateClient();
    }

    /// <summary>The video service the demo calls (<c>GET /videos/{courseId}</c>).</summary>
    public DownstreamStub Video { get; }

    /// <summary>The payment service the demo calls (<c>GET /prices/{courseId}</c>, <c>POST /payments</c>).</summary>
    public DownstreamStub Payments { get; }

    /// <summary>A client of the demo, over the network to its Kestrel port.</summary>
    public HttpClient Client { get; }

    public IServiceProvider Services => _instance.Services;

    /// <param name="settings">Overrides of <see cref="FastDefaults"/> and of the demo's own settings.</param>
    /// <param name="replaceServices">Runs after the demo's registrations.</param>
    /// <param name="dependencyClock">
    /// The stubs' clock (default: the system clock). A <c>FakeTimeProvider</c> nobody advances makes any latency a
    /// stub is given last forever: a dependency that hangs.
    /// </param>
    public static async Task<CoursePageHost> StartAsync(
        IReadOnlyDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? replaceServices = null,
        TimeProvider? dependencyClock = null)
    {
        var video = DownstreamStub.Start(dependencyClock);
        var payments = DownstreamStub.Start(dependencyClock);
        var effective = new Dictionary<string, string?>(FastDefaults)
        {
            ["Dependencies:Video:BaseUrl"] = video.BaseAddress.ToString(),
            ["Dependencies:Payments:BaseUrl"] = payments.BaseAddress.ToString(),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            effective[key] = value;
        }

        try
        {
            var instance = await ServiceHost.StartAsync(
                ServiceApp.FromEntryPoint<Program>("coursepage"),
                new ServiceHostOptions
                {
                    Configuration = effective,
                    ConfigureServices = replaceServices,
                    MinimumLogLevel = LogLevel.Warning,
                },
                TestContext.Current.CancellationToken);
            return new CoursePageHost(video, payments, instance);
        }
        catch
        {
            // a service that refuses its settings must not leave stubs listening
            video.Dispose();
            payments.Dispose();
            throw;
        }
    }

    /// <summary>The demo's <c>/diagnostics/resilience</c> report.</summary>
    public async Task<JsonElement> DiagnosticsAsync() =>
        await Client.GetFromJsonAsync<JsonElement>("/diagnostics/resilience", TestContext.Current.CancellationToken);

    /// <summary>Polls the diagnostics report until <paramref name="condition"/> holds; fails after 10 s.</summary>
    public async Task<JsonElement> WaitForDiagnosticsAsync(Func<JsonElement, bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var report = await DiagnosticsAsync();
            if (condition(report))
            {
                return report;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Waited 10 s for {what}; last report: {report}");
            }

            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _instance.DisposeAsync();
        Video.Dispose();
        Payments.Dispose();
    }
}
