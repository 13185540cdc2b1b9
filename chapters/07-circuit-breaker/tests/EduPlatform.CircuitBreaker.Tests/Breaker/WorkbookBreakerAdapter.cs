using Microsoft.Extensions.Time.Testing;

namespace EduPlatform.CircuitBreaker.Tests.Breaker;

/// <summary>Drives the workbook's own <see cref="CircuitBreaker"/>.</summary>
public sealed class WorkbookBreakerAdapter : IBreakerUnderTest
{
    private readonly CircuitBreaker _breaker;

    public WorkbookBreakerAdapter(BreakerSettings settings)
    {
        _breaker = new CircuitBreaker(
            new CircuitBreakerOptions
            {
                FailureRatio = settings.FailureRatio,
                MinimumThroughput = settings.MinimumThroughput,
                SamplingDuration = settings.SamplingDuration,
                BreakDuration = settings.BreakDuration,
            },
            Clock);
    }

    public FakeTimeProvider Clock { get; } = new();

    public CircuitState State => _breaker.State;

    public InFlightCall Start()
    {
        var dependency = new TaskCompletionSource();
        var execution = _breaker.ExecuteAsync(_ => dependency.Task);
        return new InFlightCall(dependency, execution, static exception => exception switch
        {
            IsolatedCircuitException => Rejection.Isolated,
            BrokenCircuitException => Rejection.Broken,
            _ => throw new InvalidOperationException($"Unexpected exception before the call ran: {exception}"),
        });
    }

    public Task IsolateAsync()
    {
        _breaker.Isolate();
        return Task.CompletedTask;
    }

    public Task CloseAsync()
    {
        _breaker.Close();
        return Task.CompletedTask;
    }

    public override string ToString() => "workbook";
}
