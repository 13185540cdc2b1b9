using Microsoft.Extensions.Time.Testing;

namespace EduPlatform.CircuitBreaker.Tests.Breaker;

/// <summary>
/// The one surface the behavioural spec drives. The workbook's breaker and Polly's breaker each get a small adapter,
/// so the same scenario table runs against both and a learner sees theirs behaves like the library.
/// </summary>
public interface IBreakerUnderTest
{
    /// <summary>The clock the breaker reads; scenarios move it explicitly.</summary>
    FakeTimeProvider Clock { get; }

    /// <summary>The breaker's state, in the workbook's terms.</summary>
    CircuitState State { get; }

    /// <summary>Places a call whose outcome the scenario decides later (or that is rejected at once).</summary>
    InFlightCall Start();

    /// <summary>Holds the circuit open until <see cref="CloseAsync"/>.</summary>
    Task IsolateAsync();

    /// <summary>Closes the circuit and forgets the sampled outcomes.</summary>
    Task CloseAsync();
}

/// <summary>How a call ended, as the scenario decides it.</summary>
public enum CallOutcome
{
    /// <summary>The dependency answered well.</summary>
    Success,

    /// <summary>The dependency failed (an exception the breaker handles).</summary>
    Failure,

    /// <summary>The caller gave up (<see cref="OperationCanceledException"/>, which neither breaker handles by default).</summary>
    Cancelled,
}

/// <summary>Whether, and how, a breaker turned a call away without running it.</summary>
public enum Rejection
{
    /// <summary>The call was admitted and is running.</summary>
    None,

    /// <summary>Rejected because the circuit is open or half-open with its probe in flight.</summary>
    Broken,

    /// <summary>Rejected because an operator isolated the circuit.</summary>
    Isolated,
}

/// <summary>
/// A call placed through a breaker under test. The dependency it calls is a <see cref="TaskCompletionSource"/>, so the
/// scenario decides when, and how, it finishes.
/// </summary>
public sealed class InFlightCall
{
    private readonly TaskCompletionSource _dependency;
    private readonly Task _execution;

    public InFlightCall(TaskCompletionSource dependency, Task execution, Func<Exception, Rejection> classify)
    {
        _dependency = dependency;
        _execution = execution;

        // Both breakers decide synchronously whether a call may run, so a rejected call is already faulted here.
        Rejection = execution.IsFaulted ? classify(execution.Exception!.InnerException!) : Rejection.None;
    }

    public Rejection Rejection { get; }

    public async Task FinishAsync(CallOutcome outcome)
    {
        switch (outcome)
        {
            case CallOutcome.Success:
                _dependency.SetResult();
                break;
            case CallOutcome.Failure:
                _dependency.SetException(new DependencyFailedException());
                break;
            default:
                _dependency.SetException(new OperationCanceledException());
                break;
        }

        try
        {
            await _execution;
        }
        catch (DependencyFailedException) when (outcome == CallOutcome.Failure)
        {
            // the failure the scenario asked for
        }
        catch (OperationCanceledException) when (outcome == CallOutcome.Cancelled)
        {
            // the cancellation the scenario asked for
        }
    }
}

/// <summary>The failure a scenario's dependency throws.</summary>
public sealed class DependencyFailedException() : Exception("the dependency failed");
