namespace EduPlatform.CircuitBreaker;

/// <summary>
/// Thrown instead of calling the dependency while an operator holds the circuit open (<see cref="CircuitBreaker.Isolate"/>).
/// It derives from <see cref="BrokenCircuitException"/> (as Polly's does) so code that handles "rejected by the
/// breaker" handles both.
/// </summary>
public class IsolatedCircuitException : BrokenCircuitException
{
    /// <summary>Creates the exception with a default message.</summary>
    public IsolatedCircuitException()
        : base("The circuit is isolated: an operator is holding it open.")
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    public IsolatedCircuitException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/> and an inner exception.</summary>
    public IsolatedCircuitException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
