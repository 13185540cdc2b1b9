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

    public static Task<BffSystem> StartAsync(ClaimContext context, IInfrastructure infrastructure, BffSettings settings, CancellationToken cancellationToken) =>
        BffSystem.StartAsync(infrastructure, settings with { Hosting = context.Pick(HostingMode.OutOfProcess, HostingMode.InProcess) }, cancellationToken);

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
                answers.Add(new Answer(startedAt, Stopwatch.GetTimestamp(), (int)response.StatusCode, context.IsWarmUp,
                    DashboardReply.SectionsOf(response, System.Text.Encoding.UTF8.GetString(body)).ToDictionary(s => s.Key, s => s.Value.Status)));
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

/// <summary>One dashboard answer as a claim saw it: when (Stopwatch ticks), its status, and each section's fate.</summary>
internal sealed record Answer(long StartedAt, long EndedAt, int Status, bool WarmUp, IReadOnlyDictionary<string, string> Sections);

/// <summary>Every answer of a run, kept for the checks.</summary>
internal sealed class AnswerLog
{
    private readonly ConcurrentQueue<Answer> _answers = new();

    public IReadOnlyList<Answer> Measured => _answers.Where(answer => !answer.WarmUp).ToArray();

    public void Add(Answer answer) => _answers.Enqueue(answer);
}
