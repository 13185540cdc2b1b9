namespace EduPlatform.CircuitBreaker;

/// <summary>One transition of a <see cref="CircuitBreaker"/>, raised through <see cref="CircuitBreaker.StateChanged"/>.</summary>
/// <param name="From">The state before the transition.</param>
/// <param name="To">The state after it.</param>
/// <param name="At">When it happened, by the breaker's <see cref="TimeProvider"/>.</param>
/// <param name="IsManual">True when an operator caused it (<see cref="CircuitBreaker.Isolate"/> or <see cref="CircuitBreaker.Close"/>).</param>
/// <param name="Cause">The failure that opened the circuit, when there was one.</param>
public sealed record CircuitStateChange(
    CircuitState From,
    CircuitState To,
    DateTimeOffset At,
    bool IsManual,
    Exception? Cause);
