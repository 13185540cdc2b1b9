using EduPlatform.Load;
using EduPlatform.Load.Proving;

namespace EduPlatform.CircuitBreaker.Claims;

/// <summary>Runs a claim's main or contrast run and marks each fault on its timeline at the moment it happens.</summary>
internal static class FaultEvents
{
    public static async Task<RunResult> RunMarkingAsync(
        ClaimContext context, bool contrast, ScenarioProps[] scenarios, params (DateTimeOffset At, string Name)[] events)
    {
        var run = contrast ? context.RunContrastAsync(scenarios) : context.RunAsync(scenarios);
        foreach (var (at, name) in events.OrderBy(e => e.At))
        {
            var wait = at - DateTimeOffset.UtcNow;
            if (wait > TimeSpan.Zero)
            {
                await Task.WhenAny(run, Task.Delay(wait, context.CancellationToken));
            }

            if (run.IsCompleted)
            {
                break;
            }

            context.MarkEvent(name);
        }

        return await run;
    }
}
