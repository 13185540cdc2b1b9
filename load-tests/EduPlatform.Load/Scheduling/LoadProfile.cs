namespace EduPlatform.Load.Scheduling;

/// <summary>What a scenario's simulations add up to before running: model, open-model targets, nominal length.</summary>
internal sealed record LoadProfile(string Model, double ExpectedOpenIterations, double OpenSeconds, double NominalSeconds)
{
    public double TargetRps => OpenSeconds > 0 ? ExpectedOpenIterations / OpenSeconds : 0;

    public static LoadProfile Of(IReadOnlyList<LoadSimulation> simulations)
    {
        double rate = 0, expected = 0, openSeconds = 0, nominal = 0;
        foreach (var simulation in simulations)
        {
            switch (simulation)
            {
                case InjectSimulation s:
                    rate = PerSecond(s.Rate, s.Interval);
                    expected += Math.Max(0, Math.Ceiling((rate * s.During.TotalSeconds) - 0.5));
                    openSeconds += s.During.TotalSeconds;
                    nominal += s.During.TotalSeconds;
                    break;
                case RampingInjectSimulation s:
                    var to = PerSecond(s.Rate, s.Interval);
                    expected += ArrivalSchedule.ExpectedCount(rate, to, s.During.TotalSeconds);
                    rate = to;
                    openSeconds += s.During.TotalSeconds;
                    nominal += s.During.TotalSeconds;
                    break;
                case IterationsForInjectSimulation s:
                    rate = PerSecond(s.Rate, s.Interval);
                    expected += s.Iterations;
                    var seconds = rate > 0 ? s.Iterations / rate : 0;
                    openSeconds += seconds;
                    nominal += seconds;
                    break;
                case KeepConstantSimulation s:
                    rate = 0;
                    nominal += s.During.TotalSeconds;
                    break;
                case RampingConstantSimulation s:
                    rate = 0;
                    nominal += s.During.TotalSeconds;
                    break;
                case PauseSimulation s:
                    rate = 0;
                    nominal += s.During.TotalSeconds;
                    break;
                default:
                    rate = 0;
                    break;
            }
        }

        var open = simulations.Any(s => s.IsOpenModel);
        var closed = simulations.Any(s => s is KeepConstantSimulation or RampingConstantSimulation or IterationsForConstantSimulation);
        var model = open && closed ? "mixed" : open ? "open" : "closed";
        return new LoadProfile(model, expected, openSeconds, nominal);
    }

    public static double PerSecond(int rate, TimeSpan interval) => rate / interval.TotalSeconds;
}
