using EduPlatform.Load.Scheduling;

namespace EduPlatform.Load;

/// <summary>What one iteration knows about itself. A new context per iteration; never shared.</summary>
public sealed class ScenarioContext
{
    private readonly RunEventLog _events;

    internal ScenarioContext(
        string scenarioName, long invocationNumber, int copyNumber, bool isWarmUp,
        long intendedStartTicks, ScenarioRecorder recorder, RunEventLog events, CancellationToken cancellationToken)
    {
        ScenarioName = scenarioName;
        InvocationNumber = invocationNumber;
        CopyNumber = copyNumber;
        IsWarmUp = isWarmUp;
        IntendedStartTicks = intendedStartTicks;
        Recorder = recorder;
        _events = events;
        CancellationToken = cancellationToken;
    }

    public string ScenarioName { get; }

    /// <summary>0-based number of this iteration within the scenario (warm-up and measured counted apart).</summary>
    public long InvocationNumber { get; }

    /// <summary>The closed-model copy running this iteration, or -1 under an open model.</summary>
    public int CopyNumber { get; }

    public bool IsWarmUp { get; }

    /// <summary>Cancelled when the run is aborted; pass it to every call the iteration makes.</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>Marks a named event (e.g. "instance killed") at this moment on the run's timeline.</summary>
    public void MarkEvent(string name) => _events.Mark(name, ScenarioName);

    internal long IntendedStartTicks { get; }

    internal ScenarioRecorder Recorder { get; }

    internal int StepsRun { get; set; }

    internal long StepBytes { get; set; }
}
