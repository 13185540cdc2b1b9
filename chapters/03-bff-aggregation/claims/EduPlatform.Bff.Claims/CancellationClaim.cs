using System.Collections.Concurrent;
using System.Diagnostics;
using EduPlatform.Bff.Testing;
using EduPlatform.Load;
using EduPlatform.Load.Proving;

namespace EduPlatform.Bff.Claims;

/// <summary>
/// Every client gives up 50 ms after sending, while the legs (100-200 ms each) are still running. The BFF cancels every
/// leg of a client that left; the stubs say when each call ended, and each call is matched to its client by the
/// correlation id the client sent. Contrast: legs not cancelled when the client leaves (they run to their end).
/// </summary>
public sealed class CancellationClaim : IClaim
{
    private static readonly TimeSpan AbortAfter = TimeSpan.FromMilliseconds(50);
    private const double AllowedMs = 20;

    public string Name => "03-cancellation";

    public string Chapter => "03";

    public string Statement =>
        "Clients abort at 50 ms: no downstream call is still running 20 ms later (counted by the stubs); with cancellation "
        + "switched off (the contrast) the calls run on.";

    public async Task<ClaimResult> RunAsync(ClaimContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        using var http = DashboardLoad.Client();
        var legs = PlatformStubs.All.ToDictionary(service => service, _ => LegBehavior.After(LatencyDistribution.UniformMs(100, 200)));
        var cancelling = BffSettings.Default with { Cache = false, Hedging = false, Legs = legs };
        var aborts = new Dictionary<BffSystem, ConcurrentDictionary<string, long>>();

        var runs = await DashboardLoad.RunPairAsync(context, cancelling, cancelling with { CancelLegsWhenClientLeaves = false },
            (system, _) =>
            {
                var abortedAt = aborts[system] = new ConcurrentDictionary<string, long>();
                return Scenario.Create("abort-at-50-ms", async ctx => await AbortingClientAsync(system, http, abortedAt, ctx))
                    .WithWarmUpDuration(context.Duration(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(0.25)))
                    .WithLoadSimulations(Simulation.Inject(context.Pick(50, 20), TimeSpan.FromSeconds(1), context.Duration(TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(1))))
                    .WithThresholds(Threshold.Parse("rate==0"));
            },
            DashboardLoad.ForgetWarmUpCalls);

        // The systems are disposed by now; their stubs' logs say when each call ended, and how.
        var (late, matched) = Lateness(runs.With, aborts[runs.With]);
        context.CheckTiming($"no downstream call still running {AllowedMs} ms after its client aborted", late == 0,
            $"{matched:N0} downstream calls of aborted clients; {late} still running {AllowedMs} ms after the abort");
        var answered = CallsOf(runs.With, aborts[runs.With]).Count(call => call.End == CallEnd.Answered);
        // Timing, not correctness: on a starved machine a 100 ms call can finish before the BFF gets to cancel it. That
        // cancellation reaches every call is the spec's to prove, on a fake clock (Cancellation/CancellationTests).
        context.CheckTiming("every downstream call of an aborted client was cancelled, none answered", matched > 0 && answered == 0,
            $"{matched:N0} calls of aborted clients, {answered} answered anyway");
        var (contrastLate, contrastMatched) = Lateness(runs.Without, aborts[runs.Without]);
        context.CheckTiming("without cancellation the calls run on (the contrast)", contrastLate > 0,
            $"contrast: {contrastLate:N0} of {contrastMatched:N0} calls still running {AllowedMs} ms after their client aborted");
        return context.Complete();
    }

    private static async Task<Response> AbortingClientAsync(BffSystem system, HttpClient http, ConcurrentDictionary<string, long> abortedAt, ScenarioContext context)
    {
        var correlationId = $"{context.ScenarioName}-{(context.IsWarmUp ? "w" : "m")}{context.InvocationNumber}";
        using var request = system.DashboardRequest("student-" + (context.InvocationNumber % 100), correlationId: correlationId);
        using var client = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken);
        client.Token.Register(() => abortedAt.TryAdd(correlationId, Stopwatch.GetTimestamp()));
        client.CancelAfter(AbortAfter);
        try
        {
            using var response = await http.SendAsync(request, client.Token);
            return Response.Fail("answered-before-abort", message: $"{(int)response.StatusCode} before the client's 50 ms were up");
        }
        catch (OperationCanceledException) when (!context.CancellationToken.IsCancellationRequested)
        {
            return Response.Ok("aborted");
        }
    }

    /// <summary>Calls of aborted clients still running 20 ms after their abort, and how many calls were matched.</summary>
    private static (int Late, int Matched) Lateness(BffSystem system, ConcurrentDictionary<string, long> abortedAt)
    {
        var allowed = (long)(AllowedMs / 1000 * Stopwatch.Frequency);
        var calls = CallsOf(system, abortedAt);
        return (calls.Count(call => call.WasRunningAt(abortedAt[call.CorrelationId!] + allowed)), calls.Length);
    }

    private static DownstreamCall[] CallsOf(BffSystem system, ConcurrentDictionary<string, long> abortedAt) =>
        [.. system.Services.Values.SelectMany(service => service.Calls.Calls)
            .Where(call => call.CorrelationId is not null && abortedAt.ContainsKey(call.CorrelationId))];
}
