namespace EduPlatform.CircuitBreaker.Tests.Breaker;

/// <summary>Plays a <see cref="BreakerScenario"/> against one breaker, failing with the step that went wrong.</summary>
public static class ScenarioRunner
{
    public static async Task RunAsync(BreakerScenario scenario, IBreakerUnderTest breaker)
    {
        var inFlight = new Dictionary<string, InFlightCall>();
        for (var index = 0; index < scenario.Steps.Length; index++)
        {
            var step = scenario.Steps[index];
            var where = $"[{breaker}] '{scenario.Name}', step {index + 1} ({step})";
            switch (step)
            {
                case SpecStep.Calls call:
                    for (var i = 0; i < call.Times; i++)
                    {
                        var placed = breaker.Start();
                        placed.Rejection.Should().Be(Rejection.None, $"call {i + 1} of {where} should have been admitted");
                        await placed.FinishAsync(call.Outcome);
                    }

                    break;

                case SpecStep.Rejected rejected:
                    breaker.Start().Rejection.Should().Be(rejected.Kind, where);
                    break;

                case SpecStep.Begin begin:
                    var started = breaker.Start();
                    started.Rejection.Should().Be(Rejection.None, $"{where} should have been admitted");
                    inFlight.Add(begin.Name, started);
                    break;

                case SpecStep.Finish finish:
                    await inFlight[finish.Name].FinishAsync(finish.Outcome);
                    inFlight.Remove(finish.Name);
                    break;

                case SpecStep.Wait wait:
                    breaker.Clock.Advance(wait.Duration);
                    break;

                case SpecStep.Expect expect:
                    breaker.State.Should().Be(expect.State, where);
                    break;

                case SpecStep.Isolate:
                    await breaker.IsolateAsync();
                    break;

                case SpecStep.Close:
                    await breaker.CloseAsync();
                    break;

                default:
                    throw new InvalidOperationException($"Unknown step {step}");
            }
        }

        inFlight.Should().BeEmpty($"'{scenario.Name}' must finish every call it begins");
    }
}
