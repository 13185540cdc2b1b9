using EduPlatform.Load.Scheduling;

namespace EduPlatform.Load;

/// <summary>Handed to a scenario's init and clean.</summary>
public sealed class ScenarioInitContext
{
    private readonly RunEventLog _events;

    internal ScenarioInitContext(string scenarioName, RunEventLog events, CancellationToken cancellationToken)
    {
        ScenarioName = scenarioName;
        _events = events;
        CancellationToken = cancellationToken;
    }

    public string ScenarioName { get; }

    public CancellationToken CancellationToken { get; }

    public void MarkEvent(string name) => _events.Mark(name, ScenarioName);
}
