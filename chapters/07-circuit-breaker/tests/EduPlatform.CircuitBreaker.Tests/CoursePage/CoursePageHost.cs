using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using WireMock.Server;

namespace EduPlatform.CircuitBreaker.Tests.CoursePage;

/// <summary>
/// The demo service on a real loopback port (Kestrel, port 0) with its two dependencies stubbed by WireMock, also on
/// real ports. Every test starts its own host with the settings it needs, so tests share nothing.
/// This is the one place the chapter's tests wire hosting and stubs; it is meant to be swapped for the shared harness.
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

    private readonly CoursePageFactory _factory;

    private CoursePageHost(WireMockServer video, WireMockServer payments, CoursePageFactory factory, HttpClient client)
    {
        Video = video;
        Payments = payments;
        _factory = factory;
        Client = client;
    }

    public WireMockServer Video { get; }

    public WireMockServer Payments { get; }

    /// <summary>A client of the demo, over the network to its Kestrel port.</summary>
    public HttpClient Client { get; }

    public IServiceProvider Services => _factory.Services;

    public static CoursePageHost Start(
        IReadOnlyDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? replaceServices = null)
    {
        var video = WireMockServer.Start();
        var payments = WireMockServer.Start();
        var effective = new Dictionary<string, string?>(FastDefaults)
        {
            ["Dependencies:Video:BaseUrl"] = video.Url,
            ["Dependencies:Payments:BaseUrl"] = payments.Url,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            effective[key] = value;
        }

        var factory = new CoursePageFactory(effective, replaceServices);
        try
        {
            factory.UseKestrel(0);
            factory.StartServer();
            var client = factory.CreateClient();
            client.Timeout = TimeSpan.FromSeconds(30);
            return new CoursePageHost(video, payments, factory, client);
        }
        catch
        {
            // a service that refuses its settings must not leave stubs listening
            factory.Dispose();
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

    /// <summary>Requests the stub received for <paramref name="path"/>, oldest first.</summary>
    public static IReadOnlyList<WireMock.Logging.ILogEntry> Received(WireMockServer stub, string path) =>
        [.. stub.LogEntries.Where(e => e.RequestMessage.Path == path).OrderBy(e => e.RequestMessage.DateTime)];

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _factory.DisposeAsync();
        Video.Stop();
        Payments.Stop();
        Video.Dispose();
        Payments.Dispose();
    }

    private sealed class CoursePageFactory(
        IReadOnlyDictionary<string, string?> settings,
        Action<IServiceCollection>? replaceServices) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            // UseSetting, not ConfigureAppConfiguration: Program reads its settings before Build().
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }

            if (replaceServices is not null)
            {
                builder.ConfigureTestServices(replaceServices);
            }
        }
    }
}
