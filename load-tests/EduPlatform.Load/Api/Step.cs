using EduPlatform.Load.Scheduling;
using EduPlatform.Load.Stats;

namespace EduPlatform.Load;

/// <summary>
/// A named part of an iteration with its own statistics, as in NBomber: <c>await Step.Run("login", ctx, ...)</c>.
/// A failed step ends the iteration, which then counts as failed with the step's status code.
/// The first step's latency is measured from the iteration's intended start (so generator lag
/// is never hidden); later steps from their own start, since they wait on the earlier ones.
/// </summary>
public static class Step
{
    public static async Task<Response> Run(string name, ScenarioContext context, Func<Task<Response>> run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return await RunCore(name, context, run);
    }

    public static async Task<Response<T>> Run<T>(string name, ScenarioContext context, Func<Task<Response<T>>> run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var response = await RunCore(name, context, async () => await run());
        return (Response<T>)response;
    }

    /// <summary>
    /// A step named by how it ended: <paramref name="nameByOutcome"/> picks the name from the response, so each kind of
    /// outcome ("circuit-open", "answered"; "cache-hit", "cache-miss") gets its own statistics and thresholds
    /// (<c>Threshold.ForStep("circuit-open", "p(99)&lt;5")</c>) instead of blending into one distribution. Timing is
    /// recorded as for any step, from the start <paramref name="run"/> was given.
    /// </summary>
    public static async Task<Response> Run(ScenarioContext context, Func<Task<Response>> run, Func<Response, string> nameByOutcome)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(nameByOutcome);
        return await RunCore(nameByOutcome, context, run);
    }

    private static Task<Response> RunCore(string name, ScenarioContext context, Func<Task<Response>> run)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return RunCore(_ => name, context, run);
    }

    private static async Task<Response> RunCore(Func<Response, string> nameOf, ScenarioContext context, Func<Task<Response>> run)
    {
        ArgumentNullException.ThrowIfNull(context);

        var start = MonotonicClock.Now();
        var anchor = context.StepsRun == 0 ? context.IntendedStartTicks : start;
        Response response;
        try
        {
            response = await run() ?? Response.Fail("null-response", message: "the step returned null");
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (StepFailedException)
        {
            throw;
        }
#pragma warning disable CA1031 // A step's exception is a measured failure, not an engine crash.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            response = Response.FromException(ex);
        }

        var end = MonotonicClock.Now();
        var name = nameOf(response);
        ArgumentException.ThrowIfNullOrWhiteSpace(name, nameof(nameOf));
        context.StepsRun++;
        context.StepBytes += response.SizeBytes;
        context.Recorder.Step(name).Record(
            !response.IsError, response.StatusCode, response.SizeBytes,
            MonotonicClock.ToMicros(end - anchor), MonotonicClock.ToMicros(end - start));

        if (response.IsError)
        {
            throw new StepFailedException(name, response);
        }

        return response;
    }
}
