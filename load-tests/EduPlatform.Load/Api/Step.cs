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

    private static async Task<Response> RunCore(string name, ScenarioContext context, Func<Task<Response>> run)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(context);

        var start = MonotonicClock.Now();
        var anchor = context.StepsRun == 0 ? context.IntendedStartTicks : start;
        Response response;
        try
        {
            response = await run() ?? Response.Fail("null-response", message: $"step '{name}' returned null");
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
