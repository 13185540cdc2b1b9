namespace EduPlatform.CircuitBreaker;

/// <summary>
/// Thrown instead of calling the dependency while the circuit is open, or half-open with its probe in flight.
/// The call was never attempted, so it is always safe to report it to the caller as "try again later".
/// </summary>
public class BrokenCircuitException : Exception
{
    /// <summary>Creates the exception with a default message.</summary>
    public BrokenCircuitException()
        : this("The circuit is open: the call was rejected without reaching the dependency.")
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    public BrokenCircuitException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/> and the failure that broke the circuit.</summary>
    public BrokenCircuitException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with how long until the breaker lets a probe through.</summary>
    public BrokenCircuitException(string message, TimeSpan? retryAfter, Exception? innerException)
        : base(message, innerException)
        => RetryAfter = retryAfter;

    /// <summary>
    /// How long until the breaker will admit a probe, when known (Open state). A service can pass it on as a
    /// <c>Retry-After</c> header so its own callers back off instead of hammering it.
    /// </summary>
    public TimeSpan? RetryAfter { get; }
}
