using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.CircuitBreaker;
using WorkbookBreaker = EduPlatform.CircuitBreaker.CircuitBreaker;
using WorkbookBreakerOptions = EduPlatform.CircuitBreaker.CircuitBreakerOptions;
using WorkbookBrokenCircuit = EduPlatform.CircuitBreaker.BrokenCircuitException;
using WorkbookIsolatedCircuit = EduPlatform.CircuitBreaker.IsolatedCircuitException;

namespace EduPlatform.CoursePage.Resilience;

/// <summary>
/// The settings of the chapter's own breaker where it stands in for Polly's in a dependency's pipeline
/// (<c>CircuitBreaker:Implementation = Workbook</c>): the same four thresholds as Polly's
/// <see cref="HttpCircuitBreakerStrategyOptions"/>, and the same judgement of what a failure is.
/// </summary>
public sealed class WorkbookCircuitBreakerStrategyOptions : ResilienceStrategyOptions
{
    public double FailureRatio { get; init; }

    public int MinimumThroughput { get; init; }

    public TimeSpan SamplingDuration { get; init; }

    public TimeSpan BreakDuration { get; init; }

    /// <summary>
    /// Which outcomes are failures. Default: whatever Polly's HTTP breaker counts (connection errors, timeouts, 408, 429,
    /// 5xx), taken from its own options so the two can never judge an answer differently.
    /// </summary>
    public Func<CircuitBreakerPredicateArguments<HttpResponseMessage>, ValueTask<bool>> ShouldHandle { get; init; } =
        new HttpCircuitBreakerStrategyOptions().ShouldHandle;

    /// <summary>Every transition, in order (raised under the breaker's lock: keep it short).</summary>
    public Action<EduPlatform.CircuitBreaker.CircuitStateChange>? OnStateChanged { get; init; }
}

/// <summary>
/// Runs each attempt through a workbook <see cref="WorkbookBreaker"/> inside a Polly pipeline, at the place Polly's
/// breaker would stand. The pipeline speaks Polly: an attempt's outcome goes in and comes out as it was, and a call the
/// breaker turns away comes out as Polly's <see cref="BrokenCircuitException"/> (or <see cref="IsolatedCircuitException"/>),
/// so retry, caller and problem answers treat both breakers' rejections alike.
/// </summary>
internal sealed class WorkbookCircuitBreakerStrategy : ResilienceStrategy<HttpResponseMessage>
{
    private readonly WorkbookBreaker _breaker;
    private readonly Func<CircuitBreakerPredicateArguments<HttpResponseMessage>, ValueTask<bool>> _shouldHandle;

    public WorkbookCircuitBreakerStrategy(WorkbookCircuitBreakerStrategyOptions options, TimeProvider time)
    {
        _breaker = new WorkbookBreaker(
            new WorkbookBreakerOptions
            {
                FailureRatio = options.FailureRatio,
                MinimumThroughput = options.MinimumThroughput,
                SamplingDuration = options.SamplingDuration,
                BreakDuration = options.BreakDuration,
            },
            time);
        _shouldHandle = options.ShouldHandle;
        if (options.OnStateChanged is { } onStateChanged)
        {
            _breaker.StateChanged += (_, change) => onStateChanged(change);
        }
    }

    /// <summary>The breaker's state, for <c>/diagnostics/resilience</c>.</summary>
    public EduPlatform.CircuitBreaker.CircuitState State => _breaker.State;

    protected override async ValueTask<Outcome<HttpResponseMessage>> ExecuteCore<TState>(
        Func<ResilienceContext, TState, ValueTask<Outcome<HttpResponseMessage>>> callback, ResilienceContext context, TState state)
    {
        try
        {
            // The attempt's outcome is judged here, with Polly's predicate, and handed to the breaker as a verdict:
            // an exception inside an outcome is a value, not something the breaker sees thrown.
            var judged = await _breaker.ExecuteAsync(
                async _ =>
                {
                    var outcome = await AttemptAsync(callback, context, state);
                    return (Outcome: outcome, Failed: await _shouldHandle(new(context, outcome)));
                },
                isFailure: attempt => attempt.Failed,
                context.CancellationToken);
            return judged.Outcome;
        }
        catch (WorkbookIsolatedCircuit isolated)
        {
            return Outcome.FromException<HttpResponseMessage>(new IsolatedCircuitException(isolated.Message, isolated));
        }
        catch (WorkbookBrokenCircuit rejected)
        {
            return Outcome.FromException<HttpResponseMessage>(rejected.RetryAfter is { } retryAfter
                ? new BrokenCircuitException(rejected.Message, retryAfter, rejected)
                : new BrokenCircuitException(rejected.Message, rejected));
        }
    }

    // As Polly does for its own strategies: a callback that throws is an outcome, never an exception through the pipeline.
    private static async ValueTask<Outcome<HttpResponseMessage>> AttemptAsync<TState>(
        Func<ResilienceContext, TState, ValueTask<Outcome<HttpResponseMessage>>> callback, ResilienceContext context, TState state)
    {
        try
        {
            return await callback(context, state);
        }
#pragma warning disable CA1031 // every failure of an attempt is an outcome for the pipeline to judge
        catch (Exception exception)
#pragma warning restore CA1031
        {
            return Outcome.FromException<HttpResponseMessage>(exception);
        }
    }
}
