using System.Text.Json;
using EduPlatform.CoursePage.Hosting;
using EduPlatform.Load;
using EduPlatform.Load.Proving;

namespace EduPlatform.CircuitBreaker.Claims;

/// <summary>How a course page answer is recorded: ok for 2xx, otherwise failed and labelled with its problem type.</summary>
internal static class CoursePageAnswer
{
    private static readonly Dictionary<string, string> Kinds = new[]
    {
        ProblemTypes.CircuitOpen, ProblemTypes.BulkheadFull, ProblemTypes.BadGateway, ProblemTypes.DependencyTimeout,
        ProblemTypes.DependencyUnavailable, ProblemTypes.ServerBusy, ProblemTypes.NotFound, ProblemTypes.Validation,
    }.ToDictionary(type => type, type => type[(type.LastIndexOf('/') + 1)..], StringComparer.Ordinal);

    /// <summary>"200"; or the status and the kind of problem, "503 circuit-open"; or the bare status when the body is no problem+json of ours.</summary>
    public static Response Judge(HttpResponseMessage response, byte[] body)
    {
        var status = $"{(int)response.StatusCode}";
        if (response.IsSuccessStatusCode)
        {
            return Response.Ok(status, body.Length);
        }

        return Response.Fail(KindOf(response, body) is { } kind ? $"{status} {kind}" : status, body.Length);
    }

    /// <summary>Each answer label of <paramref name="stats"/> outside <paramref name="allowed"/>, as "video: 3 x 500".</summary>
    public static IEnumerable<string> Unexpected(ScenarioStats stats, params string[] allowed) =>
        stats.StatusCodes.Where(code => !allowed.Contains(code.Key)).Select(code => $"{stats.Name}: {code.Value:N0} x {code.Key}");

    /// <summary>The step name for an answer: "answered", or the kind of problem ("circuit-open"), or the bare status.</summary>
    public static string Outcome(Response response) =>
        response.IsError ? response.StatusCode[(response.StatusCode.IndexOf(' ', StringComparison.Ordinal) + 1)..] : "answered";

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

    private static string? KindOf(HttpResponseMessage response, byte[] body)
    {
        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
        {
            return null;
        }

        try
        {
            using var problem = JsonDocument.Parse(body);
            return problem.RootElement.TryGetProperty("type", out var type) && type.GetString() is { } uri
                ? Kinds.GetValueOrDefault(uri)
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
