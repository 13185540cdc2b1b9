namespace EduPlatform.CircuitBreaker.Tests.Breaker;

/// <summary>Thresholds a scenario configures on both breakers.</summary>
public sealed record BreakerSettings(double FailureRatio, int MinimumThroughput, TimeSpan SamplingDuration, TimeSpan BreakDuration)
{
    /// <summary>Polly v8's (and the workbook's) defaults: 10 % of at least 100 calls in 30 s; break for 5 s.</summary>
    public static readonly BreakerSettings LibraryDefaults = new(0.1, 100, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(5));

    /// <summary>Small numbers that keep scenarios short: half of at least 4 calls in 10 s (1 s buckets); break for 5 s.</summary>
    public static readonly BreakerSettings Small = new(0.5, 4, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(5));
}

/// <summary>One row of the behavioural spec: a name, the settings, and the steps with their expectations.</summary>
public sealed record BreakerScenario(string Name, BreakerSettings Settings, params SpecStep[] Steps);

/// <summary>One step of a scenario. Steps that place calls also assert whether the breaker admitted them.</summary>
public abstract record SpecStep
{
    /// <summary>Places <paramref name="Times"/> calls that must be admitted, each finishing with <paramref name="Outcome"/>.</summary>
    public sealed record Calls(CallOutcome Outcome, int Times) : SpecStep
    {
        public override string ToString() => $"{Times} x {Outcome}";
    }

    /// <summary>Places a call that must be rejected, in the given way, without running.</summary>
    public sealed record Rejected(Rejection Kind) : SpecStep
    {
        public override string ToString() => $"rejected ({Kind})";
    }

    /// <summary>Places a call that must be admitted and leaves it in flight under <paramref name="Name"/>.</summary>
    public sealed record Begin(string Name) : SpecStep
    {
        public override string ToString() => $"begin '{Name}'";
    }

    /// <summary>Finishes the in-flight call <paramref name="Name"/> with <paramref name="Outcome"/>.</summary>
    public sealed record Finish(string Name, CallOutcome Outcome) : SpecStep
    {
        public override string ToString() => $"finish '{Name}' with {Outcome}";
    }

    /// <summary>Moves the breaker's clock forward.</summary>
    public sealed record Wait(TimeSpan Duration) : SpecStep
    {
        public override string ToString() => $"wait {Duration.TotalSeconds:0.###} s";
    }

    /// <summary>Asserts the breaker's state.</summary>
    public sealed record Expect(CircuitState State) : SpecStep
    {
        public override string ToString() => $"expect {State}";
    }

    /// <summary>Operator isolates the circuit.</summary>
    public sealed record Isolate : SpecStep
    {
        public override string ToString() => "isolate";
    }

    /// <summary>Operator closes the circuit.</summary>
    public sealed record Close : SpecStep
    {
        public override string ToString() => "close";
    }
}

/// <summary>Short names for writing the scenario table.</summary>
public static class Steps
{
    public static readonly SpecStep Ok = new SpecStep.Calls(CallOutcome.Success, 1);
    public static readonly SpecStep Fail = new SpecStep.Calls(CallOutcome.Failure, 1);
    public static readonly SpecStep Cancelled = new SpecStep.Calls(CallOutcome.Cancelled, 1);
    public static readonly SpecStep RejectedAsBroken = new SpecStep.Rejected(Rejection.Broken);
    public static readonly SpecStep RejectedAsIsolated = new SpecStep.Rejected(Rejection.Isolated);
    public static readonly SpecStep Isolate = new SpecStep.Isolate();
    public static readonly SpecStep Close = new SpecStep.Close();

    public static SpecStep Oks(int times) => new SpecStep.Calls(CallOutcome.Success, times);

    public static SpecStep Fails(int times) => new SpecStep.Calls(CallOutcome.Failure, times);

    public static SpecStep Begin(string name) => new SpecStep.Begin(name);

    public static SpecStep Finish(string name, CallOutcome outcome) => new SpecStep.Finish(name, outcome);

    public static SpecStep Wait(double seconds) => new SpecStep.Wait(TimeSpan.FromSeconds(seconds));

    public static SpecStep Expect(CircuitState state) => new SpecStep.Expect(state);
}
