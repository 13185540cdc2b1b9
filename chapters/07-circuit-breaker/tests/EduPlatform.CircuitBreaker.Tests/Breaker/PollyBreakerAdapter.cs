using Microsoft.Extensions.Time.Testing;
using Polly;
using PollyBreaker = Polly.CircuitBreaker;

namespace EduPlatform.CircuitBreaker.Tests.Breaker;

/// <summary>
/// Drives Polly v8's circuit breaker configured like the workbook's. Everything not set here is Polly's default,
/// notably <c>ShouldHandle</c>: every exception except <see cref="OperationCanceledException"/>.
/// </summary>
public sealed class PollyBreakerAdapter : IBreakerUnderTest
{
    private readonly ResiliencePipeline _pipeline;
    private readonly PollyBreaker.CircuitBreakerStateProvider _state = new();
    private readonly PollyBreaker.CircuitBreakerManualControl _manualControl = new();

    public PollyBreakerAdapter(BreakerSettings settings)
    {
        _pipeline = new ResiliencePipelineBuilder { TimeProvider = Clock }
            .AddCircuitBreaker(new PollyBreaker.CircuitBreakerStrategyOptions
            {
                FailureRatio = settings.FailureRatio,
                MinimumThroughput = settings.MinimumThroughput,
                SamplingDuration = settings.SamplingDuration,
                BreakDuration = settings.BreakDuration,
                StateProvider = _state,
                ManualControl = _manualControl,
            })
            .Build();
    }

    public FakeTimeProvider Clock { get; } = new();

    public CircuitState State => _state.CircuitState switch
    {
        PollyBreaker.CircuitState.Closed => CircuitState.Closed,
        PollyBreaker.CircuitState.Open => CircuitState.Open,
        PollyBreaker.CircuitState.HalfOpen => CircuitState.HalfOpen,
        PollyBreaker.CircuitState.Isolated => CircuitState.Isolated,
        var other => throw new InvalidOperationException($"Unknown Polly state {other}"),
    };

    public InFlightCall Start()
    {
        var dependency = new TaskCompletionSource();
        var execution = _pipeline.ExecuteAsync(async _ => await dependency.Task).AsTask();
        return new InFlightCall(dependency, execution, static exception => exception switch
        {
            PollyBreaker.IsolatedCircuitException => Rejection.Isolated,
            PollyBreaker.BrokenCircuitException => Rejection.Broken,
            _ => throw new InvalidOperationException($"Unexpected exception before the call ran: {exception}"),
        });
    }

    public Task IsolateAsync() => _manualControl.IsolateAsync();

    public Task CloseAsync() => _manualControl.CloseAsync();

    public override string ToString() => "Polly";
}
