using EduPlatform.CoursePage.Testing;
using EduPlatform.Harness.Faults;
using EduPlatform.Load;
using EduPlatform.Load.Proving;

namespace EduPlatform.CircuitBreaker.Claims;

/// <summary>
/// How chapter 07's claims load the course page and read what came back. Each claim starts the course page in its own
/// <c>dotnet</c> process (so it never shares a thread pool with the load generator) with its video and payment services
/// played by harness stubs in this process: they do little work (at most a few hundred trivial answers a second), and
/// the engine's generator-health check would flag it if they slowed the generator down. What a claim measures besides
/// latency comes from the service's <c>/diagnostics/resilience</c> (breaker transitions, call counters, read as the
/// system stops) and the stubs' journals (every request that reached a dependency, stamped on arrival).
/// </summary>
internal static class CoursePageLoad
{
    /// <summary>
    /// The course page as every claim starts it (<see cref="CoursePageSettings.UnderLoad"/>), with fewer warm-up rounds
    /// in a quick run: a quick run checks that the claim runs and its correctness holds, not its timing.
    /// </summary>
    public static CoursePageSettings Settings(ClaimContext context) =>
        CoursePageSettings.UnderLoad with { WarmUpRounds = context.Pick(CoursePageSettings.UnderLoad.WarmUpRounds, 3) };

    /// <summary>
    /// A client for one stream of load: connections enough that the generator never queues a request itself
    /// (a contrast run can have a thousand in flight).
    /// </summary>
    public static HttpClient Client() => Http.CreateClient(new HttpClientLimits { MaxConnectionsPerServer = 2000 });

    /// <summary>
    /// GET <paramref name="url"/> once per iteration, as one step named by its outcome ("answered", "circuit-open",
    /// "bulkhead-full", ...), so each kind of answer has its own latency; failures carry their label ("503 circuit-open").
    /// </summary>
    public static ScenarioProps Get(string scenario, HttpClient http, Uri url) =>
        Scenario.Create(scenario, ctx => GetOnce(http, url, ctx));

    /// <summary>One iteration of <see cref="Get"/>.</summary>
    public static Task<Response> GetOnce(HttpClient http, Uri url, ScenarioContext context) =>
        Step.Run(context,
            () => Http.Send(http, Http.CreateRequest("GET", url.ToString()), Judge, context),
            response => response.IsError ? CoursePageAnswer.KindOf(response.StatusCode) : "answered");

    /// <summary>Each answer label of <paramref name="stats"/> outside <paramref name="allowed"/>, as "video: 3 x 500".</summary>
    public static IEnumerable<string> Unexpected(ScenarioStats stats, params string[] allowed) =>
        stats.StatusCodes.Where(code => !allowed.Contains(code.Key)).Select(code => $"{stats.Name}: {code.Value:N0} x {code.Key}");

    /// <summary>
    /// A timing check that the calls of <paramref name="scenario"/> answered with the failure <paramref name="outcome"/>
    /// ("circuit-open") had p99 latency under <paramref name="limit"/>, from their intended start. A failure's latency is
    /// not what a <c>p(99)</c> threshold reads (that is the ok answers'), hence a check; it needs 1,000 of them to judge.
    /// </summary>
    public static void CheckFast(ClaimContext context, RunResult run, string scenario, string outcome, TimeSpan limit)
    {
        var latency = run.Scenario(scenario).Stats.Steps.FirstOrDefault(step => step.Name == outcome)?.Fail.Latency ?? LatencyStats.Empty;
        var enough = latency.IsReliable("p99");
        context.CheckTiming($"{scenario}: calls answered {outcome} have p99 < {limit.TotalMilliseconds:0} ms",
            enough && latency.P99Ms < limit.TotalMilliseconds,
            $"p99 {latency.P99Ms:0.00} ms over {latency.Count:N0} calls (p50 {latency.P50Ms:0.00} ms, max {latency.MaxMs:0.0} ms)"
            + (enough ? "" : "; too few for a p99"));
    }

    /// <summary>Requests that reached a dependency per second between two instants of its journal's clock.</summary>
    public static double RatePerSecond(IReadOnlyList<StubRequest> journal, DateTimeOffset from, DateTimeOffset until) =>
        until <= from ? double.NaN : journal.Count(r => r.ReceivedAt >= from && r.ReceivedAt < until) / (until - from).TotalSeconds;

    /// <summary>The report a system gave as it stopped; a claim cannot be judged without it.</summary>
    public static CoursePage.Hosting.ResilienceReport FinalReport(CoursePageSystem system) =>
        system.FinalReport ?? throw new InvalidOperationException("the course page gave no diagnostics report as it stopped");

    private static Response Judge(HttpResponseMessage response, byte[] body)
    {
        var label = CoursePageAnswer.Label(response, body);
        return response.IsSuccessStatusCode ? Response.Ok(label, body.Length) : Response.Fail(label, body.Length);
    }
}
