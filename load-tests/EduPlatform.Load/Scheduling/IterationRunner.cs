using EduPlatform.Load.Stats;

namespace EduPlatform.Load.Scheduling;

/// <summary>
/// Runs one iteration and records it. Latency runs from the INTENDED start (open model) so a
/// slow system, or a slow generator, shows up in the numbers instead of silently delaying the
/// next request (coordinated omission); service time runs from the actual start.
/// </summary>
internal sealed class IterationRunner(
    ScenarioProps props, ScenarioRecorder recorder, RunEventLog events, bool isWarmUp, CancellationToken cancellationToken)
{
    private readonly long _lateToleranceTicks = MonotonicClock.FromSeconds(props.LateTolerance.TotalSeconds);

    public ScenarioRecorder Recorder { get; } = recorder;

    /// <summary>An open-model arrival; the scheduler has already counted it in flight.</summary>
    public async Task RunOpenAsync(long intendedTicks)
    {
        try
        {
            var start = MonotonicClock.Now();
            var lag = Math.Max(0, start - intendedTicks);
            Recorder.CountStarted(MonotonicClock.ToMicros(lag), lag > _lateToleranceTicks);
            await RunCoreAsync(intendedTicks, start, copyNumber: -1);
        }
        finally
        {
            Recorder.LeaveFlight();
        }
    }

    /// <summary>A closed-model iteration: the copy starts it when the previous one finished, so intended = actual.</summary>
    public async Task RunClosedAsync(int copyNumber)
    {
        Recorder.EnterFlight();
        try
        {
            var start = MonotonicClock.Now();
            Recorder.CountStarted();
            await RunCoreAsync(start, start, copyNumber);
        }
        finally
        {
            Recorder.LeaveFlight();
        }
    }

    private async Task RunCoreAsync(long intendedTicks, long startTicks, int copyNumber)
    {
        var context = new ScenarioContext(
            props.Name, Recorder.NextInvocation(), copyNumber, isWarmUp, intendedTicks, Recorder, events, cancellationToken);
        Response response;
        try
        {
            response = await props.Run(context)
                       ?? Response.Fail("null-response", message: "the scenario returned null");
        }
        catch (StepFailedException failed)
        {
            response = failed.Response;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The run was aborted mid-iteration: that is not a measurement of the system.
            return;
        }
#pragma warning disable CA1031 // A scenario's exception is a measured failure, not an engine crash.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            response = Response.FromException(ex);
        }

        var end = MonotonicClock.Now();
        var bytes = context.StepsRun == 0 ? response.SizeBytes : context.StepBytes;
        Recorder.Iterations.Record(
            !response.IsError, response.StatusCode, bytes,
            MonotonicClock.ToMicros(end - intendedTicks), MonotonicClock.ToMicros(end - startTicks));
        Recorder.CountCompleted();
    }
}
