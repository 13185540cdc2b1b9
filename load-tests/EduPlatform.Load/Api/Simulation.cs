namespace EduPlatform.Load;

/// <summary>
/// Factory for load simulations, named as in NBomber. Open-model simulations take
/// <c>maxInFlight</c>: the most iterations allowed to run at once (k6's maxVUs). An arrival
/// that finds the cap reached is dropped and counted; a run that drops more than 1% fails.
/// </summary>
public static class Simulation
{
    /// <summary>Default cap on concurrent open-model iterations: protects the generator's memory, not the system under test.</summary>
    public const int DefaultMaxInFlight = 10_000;

    /// <summary>k6 constant-arrival-rate.</summary>
    public static LoadSimulation Inject(int rate, TimeSpan interval, TimeSpan during, int maxInFlight = DefaultMaxInFlight)
    {
        RequireRate(rate, interval, maxInFlight);
        RequirePositive(during, nameof(during));
        return new InjectSimulation(rate, interval, during, maxInFlight);
    }

    /// <summary>k6 ramping-arrival-rate.</summary>
    public static LoadSimulation RampingInject(int rate, TimeSpan interval, TimeSpan during, int maxInFlight = DefaultMaxInFlight)
    {
        RequireRate(rate, interval, maxInFlight);
        RequirePositive(during, nameof(during));
        return new RampingInjectSimulation(rate, interval, during, maxInFlight);
    }

    /// <summary>k6 constant-vus.</summary>
    public static LoadSimulation KeepConstant(int copies, TimeSpan during)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(copies);
        RequirePositive(during, nameof(during));
        return new KeepConstantSimulation(copies, during);
    }

    /// <summary>k6 ramping-vus.</summary>
    public static LoadSimulation RampingConstant(int copies, TimeSpan during)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(copies);
        RequirePositive(during, nameof(during));
        return new RampingConstantSimulation(copies, during);
    }

    /// <summary>k6 shared-iterations.</summary>
    public static LoadSimulation IterationsForConstant(int copies, int iterations)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(copies);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(iterations);
        return new IterationsForConstantSimulation(copies, iterations);
    }

    /// <summary>k6 constant-arrival-rate stopped after a number of iterations.</summary>
    public static LoadSimulation IterationsForInject(int rate, TimeSpan interval, int iterations, int maxInFlight = DefaultMaxInFlight)
    {
        RequireRate(rate, interval, maxInFlight);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(iterations);
        return new IterationsForInjectSimulation(rate, interval, iterations, maxInFlight);
    }

    /// <summary>A gap in the load (a k6 stage with target 0).</summary>
    public static LoadSimulation Pause(TimeSpan during)
    {
        RequirePositive(during, nameof(during));
        return new PauseSimulation(during);
    }

    private static void RequireRate(int rate, TimeSpan interval, int maxInFlight)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rate);
        RequirePositive(interval, nameof(interval));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxInFlight);
    }

    private static void RequirePositive(TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(name, value, "must be positive");
        }
    }
}
