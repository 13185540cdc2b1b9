using EduPlatform.Harness.Processes;
using Microsoft.AspNetCore.Builder;
using WireMock.Logging;
using WireMock.Matchers.Request;
using WireMock.RequestBuilders;
using WireMock.Server;
using WireMock.Settings;

namespace EduPlatform.Harness.Faults;

/// <summary>
/// A downstream HTTP service played by WireMock.Net on a real 127.0.0.1 port: fixed or random
/// latency, any status code, connection resets and half-sent responses, and timelines (by time) or
/// sequences (by request count) of those, all on a clock the test chooses (a <c>FakeTimeProvider</c> for deterministic windows). Every
/// request lands in <see cref="Journal"/>. The full WireMock API stays available through <see cref="Server"/>.
/// </summary>
/// <example>
/// <code>
/// using var catalog = DownstreamStub.Start(clock);
/// catalog.Map("/courses", StubTimeline.Start(StubBehavior.Json("[]"), TimeSpan.FromSeconds(5))
///     .Then(StubBehavior.Status(500), TimeSpan.FromSeconds(10))
///     .ThenForever(StubBehavior.Json("[]")));
/// // point the system under test at catalog.BaseAddress ...
/// catalog.Journal.CountFor("/courses").Should().Be(3);
/// </code>
/// </example>
public sealed class DownstreamStub : IDisposable
{
    // WireMock picks the lowest priority number among matching mappings: later mappings get lower numbers.
    private int _priority = int.MaxValue / 2;

    private DownstreamStub(TimeProvider clock)
    {
        Clock = clock;
        var settings = new WireMockServerSettings
        {
            Urls = [$"http://127.0.0.1:{FreePort.Next()}"],
            Logger = new WireMockNullLogger(),
            StartAdminInterface = false,
            // Record before WireMock matches: unmatched requests (404s) are calls too.
            PreWireMockMiddlewareInit = app => ((IApplicationBuilder)app).Use(async (context, next) =>
            {
                var arrivedAt = Clock.GetUtcNow();
                StubArrival.Stamp(context, arrivedAt);
                Journal.Record(new StubRequest(context.Request.Method, context.Request.Path.Value ?? "/",
                    context.Request.QueryString.Value ?? "", arrivedAt,
                    context.Request.Headers.ToDictionary(header => header.Key, header => header.Value.ToString(), StringComparer.OrdinalIgnoreCase)));
                await next(context);
            }),
        };
        Server = WireMockServer.Start(settings);
    }

    /// <summary>Starts a stub with no mappings (every request gets WireMock's 404) on a free port.</summary>
    /// <param name="clock">Drives timelines, latencies and journal timestamps. Default: the system clock.</param>
    public static DownstreamStub Start(TimeProvider? clock = null) => new(clock ?? TimeProvider.System);

    /// <summary>The WireMock server, for anything the helpers here do not cover.</summary>
    public WireMockServer Server { get; }

    public TimeProvider Clock { get; }

    public StubJournal Journal { get; } = new();

    public int Port => Server.Port;

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}/");

    /// <summary>Requests to <paramref name="path"/>, any method, get <paramref name="timeline"/> (a single behaviour converts).</summary>
    public DownstreamStub Map(string path, StubTimeline timeline) =>
        Map(Request.Create().WithPath(path).UsingAnyMethod(), timeline);

    /// <summary>Requests matching <paramref name="request"/> (<c>Request.Create()...</c>) get <paramref name="timeline"/>.</summary>
    /// <remarks>The timeline's clock starts now. A later mapping for the same request wins.</remarks>
    public DownstreamStub Map(IRequestMatcher request, StubTimeline timeline)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        return Map(request, StubResponder.For(timeline, Clock));
    }

    /// <summary>Requests to <paramref name="path"/>, any method, get the steps of <paramref name="sequence"/> in arrival order.</summary>
    public DownstreamStub Map(string path, StubSequence sequence) =>
        Map(Request.Create().WithPath(path).UsingAnyMethod(), sequence);

    /// <summary>Requests matching <paramref name="request"/> get the steps of <paramref name="sequence"/> in arrival order.</summary>
    /// <remarks>Counting starts now, over the requests this mapping answers. A later mapping for the same request wins.</remarks>
    public DownstreamStub Map(IRequestMatcher request, StubSequence sequence)
    {
        ArgumentNullException.ThrowIfNull(sequence);
        return Map(request, StubResponder.For(sequence, Clock));
    }

    /// <summary>Removes every mapping and clears the journal.</summary>
    public void Reset()
    {
        Server.ResetMappings();
        Journal.Clear();
    }

    public void Dispose() => Server.Dispose();

    public override string ToString() => $"DownstreamStub {BaseAddress}";

    private DownstreamStub Map(IRequestMatcher request, StubResponder responder)
    {
        ArgumentNullException.ThrowIfNull(request);
        Server.Given(request).AtPriority(NextPriority()).RespondWith(responder);
        return this;
    }

    private int NextPriority() => Interlocked.Decrement(ref _priority);
}
