namespace EduPlatform.CircuitBreaker;

/// <summary>The four states of a <see cref="CircuitBreaker"/>. Values match Polly's <c>CircuitState</c>.</summary>
public enum CircuitState
{
    /// <summary>Calls flow to the dependency; their outcomes are sampled.</summary>
    Closed = 0,

    /// <summary>Calls are rejected with <see cref="BrokenCircuitException"/> until the break duration has passed.</summary>
    Open = 1,

    /// <summary>One probe call is in flight; every other caller is rejected until its outcome decides the next state.</summary>
    HalfOpen = 2,

    /// <summary>Held open by an operator (<see cref="CircuitBreaker.Isolate"/>) until <see cref="CircuitBreaker.Close"/>.</summary>
    Isolated = 3,
}
