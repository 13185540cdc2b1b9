namespace EduPlatform.Load;

/// <summary>Entry point, as in NBomber: <c>Scenario.Create("name", async ctx => Response.Ok())</c>.</summary>
public static class Scenario
{
    public static ScenarioProps Create(string name, Func<ScenarioContext, Task<Response>> run)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(run);
        return new ScenarioProps(name, run);
    }
}
