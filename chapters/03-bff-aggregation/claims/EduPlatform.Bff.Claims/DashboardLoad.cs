using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using EduPlatform.Bff.Testing;
using EduPlatform.Harness.Hosting;
using EduPlatform.Harness.Infrastructure;
using EduPlatform.Load;
using EduPlatform.Load.Proving;

namespace EduPlatform.Bff.Claims;

/// <summary>
/// What every chapter 03 claim does the same way: start the system (the BFF in its own process for a full run, in this
/// one for a quick run), send GET /dashboard as a rotating set of students, and keep every answer's fate for the checks.
/// </summary>
internal static class DashboardLoad
{
    /// <summary>A client that never queues a request itself (a contrast run can have hundreds in flight).</summary>
    public static HttpClient Client() => Http.CreateClient(new HttpClientLimits { MaxConnectionsPerServer = 2000, RequestTimeout = TimeSpan.FromSeconds(30) });

    /// <summary>
    /// The claim's two runs, each on a fresh system: <paramref name="withPattern"/> (judged) then <paramref name="without"/>
    /// (the contrast), the same scenario and faults on both. The systems are disposed after their run; their stubs' call
    /// logs and the answers stay readable for the checks.
    /// </summary>
    public static async Task<PairedRuns> RunPairAsync(ClaimContext context, BffSettings withPattern, BffSettings without,
        Func<BffSystem, AnswerLog, ScenarioProps> scenario, Func<BffSystem, FaultPlan>? faults = null)
    {
        await using var infrastructure = new WorkbookInfrastructure();
        var systems = new List<BffSystem>();
        var answers = new List<AnswerLog>();
        var hosting = context.Pick(HostingMode.OutOfProcess, HostingMode.InProcess);
        var runs = await context.RunPairAsync(
            async (pattern, ct) =>
            {
                var system = await BffSystem.StartAsync(infrastructure, (pattern ? withPattern : without) with { Hosting = hosting }, ct);
                systems.Add(system);
                return system;
            },
            system =>
            {
                var log = new AnswerLog();
                answers.Add(log);
                return new RunPlan([scenario(system, log)], faults?.Invoke(system) ?? FaultPlan.None);
            });
        return new PairedRuns(runs, systems[0], systems[1], answers[0], answers[1]);
    }

    /// <summary>
    /// One GET /dashboard per iteration, as student <c>student-(n mod students)</c>, named by its answer ("200", "503"),
    /// every answer kept in <paramref name="answers"/>.
    /// </summary>
    public static ScenarioProps Dashboard(string name, BffSystem system, HttpClient http, int students, AnswerLog answers) =>
        Scenario.Create(name, async context =>
        {
            var student = "student-" + (context.InvocationNumber % students).ToString(CultureInfo.InvariantCulture);
            var startedAt = Stopwatch.GetTimestamp();
            using var request = system.DashboardRequest(student);
            return await Http.Send(http, request, (response, body) =>
            {
                var sections = DashboardReply.SectionsOf(response, System.Text.Encoding.UTF8.GetString(body));
                answers.Add(new Answer(startedAt, Stopwatch.GetTimestamp(), (int)response.StatusCode, context.IsWarmUp,
                    sections.ToDictionary(s => s.Key, s => s.Value.Status), sections.ToDictionary(s => s.Key, s => s.Value.AgeMs)));
                var code = ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
                return (int)response.StatusCode < 500 ? Response.Ok(code, body.Length) : Response.Fail(code, body.Length);
            }, context);
        });

    /// <summary>The p99 of the answered calls of one downstream stub, in ms, as the stub measured them (from arrival to answer).</summary>
    public static double StubP99(DownstreamService service) => Percentile(StubDurationsMs(service), 0.99);

    public static double StubMean(DownstreamService service)
    {
        var durations = StubDurationsMs(service);
        return durations.Length == 0 ? 0 : durations.Average();
    }

    public static double Percentile(double[] values, double quantile)
    {
        if (values.Length == 0)
        {
            return 0;
        }

        Array.Sort(values);
        return values[Math.Min(values.Length - 1, (int)Math.Ceiling(quantile * values.Length) - 1)];
    }

    public static double Ms(long from, long to) => (to - from) * 1000.0 / Stopwatch.Frequency;

    /// <summary>A fault-plan action that forgets the warm-up's downstream calls when the measured run begins.</summary>
    public static FaultPlan ForgetWarmUpCalls(BffSystem system) =>
        FaultPlan.None.At(TimeSpan.Zero, "measuring (warm-up calls forgotten)", _ =>
        {
            system.ClearCalls();
            return Task.CompletedTask;
        });

    private static double[] StubDurationsMs(DownstreamService service) =>
        [.. service.Calls.Calls.Where(call => call.End == CallEnd.Answered).Select(call => Ms(call.StartedAt, call.EndedAt!.Value))];
}

/// <summary>Both runs of a claim, their systems (disposed, logs readable) and the answers each run got.</summary>
internal sealed record PairedRuns(RunPair Runs, BffSystem With, BffSystem Without, AnswerLog WithAnswers, AnswerLog WithoutAnswers);

/// <summary>One dashboard answer as a claim saw it: when (Stopwatch ticks), its status, each section's fate and age.</summary>
internal sealed record Answer(
    long StartedAt, long EndedAt, int Status, bool WarmUp, IReadOnlyDictionary<string, string> Sections, IReadOnlyDictionary<string, long?> AgesMs);

/// <summary>Every answer of a run, kept for the checks.</summary>
internal sealed class AnswerLog
{
    private readonly ConcurrentQueue<Answer> _answers = new();

    public IReadOnlyList<Answer> Measured => _answers.Where(answer => !answer.WarmUp).ToArray();

    /// <summary>Warm-up answers too: for counts over all the traffic a mechanism saw (a budget earned in the warm-up is spent after it).</summary>
    public int CountWithWarmUp => _answers.Count;

    public void Add(Answer answer) => _answers.Enqueue(answer);
}
