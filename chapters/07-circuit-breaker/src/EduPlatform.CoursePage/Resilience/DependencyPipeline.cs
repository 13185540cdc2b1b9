using System.Threading.RateLimiting;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.CircuitBreaker;
using WorkbookCircuitState = EduPlatform.CircuitBreaker.CircuitState;

namespace EduPlatform.CoursePage.Resilience;

/// <summary>
/// The resilience pipeline in front of one dependency, outermost first:
/// bulkhead -> total timeout -> retry -> circuit breaker -> attempt timeout -> (the HTTP attempt).
/// It is the order of Microsoft.Extensions.Http.Resilience's standard handler, and each position is deliberate:
/// <list type="bullet">
/// <item>the bulkhead is outermost, so a call that cannot get a slot is turned away before it costs anything;</item>
/// <item>the total timeout wraps the retries, so backoff can never make a caller wait longer than it;</item>
/// <item>the breaker sits inside the retry, so it sees every attempt, and once open it rejects the remaining retries
///   at once (a rejection is not a transient failure, so it is not retried);</item>
/// <item>the attempt timeout is innermost, inside the breaker, so a hung attempt counts as a failure, and a hung
///   half-open probe cannot hold the circuit half-open forever.</item>
/// </list>
/// Every strategy can be switched off by configuration; a switched-off strategy is simply not added.
/// Breaker transitions are logged here (Polly's own per-event logs are turned off in appsettings.json: under load
/// they would log every rejection, and the console would become the bottleneck the load test measures).
/// </summary>
public static class DependencyPipeline
{
    public static void Configure(
        ResiliencePipelineBuilder<HttpResponseMessage> pipeline,
        DependencyResilienceOptions options,
        DependencyMonitor monitor,
        ILogger logger,
        Action<Action> onPipelineDisposed)
    {
        if (options.Bulkhead.Enabled)
        {
            var bulkhead = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
            {
                PermitLimit = options.Bulkhead.PermitLimit,
                QueueLimit = options.Bulkhead.QueueLimit,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            });
            onPipelineDisposed(bulkhead.Dispose);
            monitor.ObserveBulkhead(bulkhead);
            pipeline.AddRateLimiter(new HttpRateLimiterStrategyOptions
            {
                Name = "Bulkhead",
                RateLimiter = args => bulkhead.AcquireAsync(1, args.Context.CancellationToken),
                OnRejected = _ =>
                {
                    monitor.RecordRejectedByBulkhead();
                    return default;
                },
            });
        }

        if (options.Timeouts.Enabled)
        {
            pipeline.AddTimeout(TimeoutFor("TotalTimeout", options.Timeouts.Total, monitor.RecordTotalTimeout));
        }

        if (options.Retry.Mode != RetryMode.None)
        {
            pipeline.AddRetry(RetryFor(options.Retry, monitor));
        }

        if (options.CircuitBreaker.Enabled)
        {
            AddCircuitBreaker(pipeline, options.CircuitBreaker, monitor, logger);
        }

        if (options.Timeouts.Enabled)
        {
            pipeline.AddTimeout(TimeoutFor("AttemptTimeout", options.Timeouts.Attempt, monitor.RecordAttemptTimeout));
        }
    }

    private static void AddCircuitBreaker(
        ResiliencePipelineBuilder<HttpResponseMessage> pipeline,
        DependencyResilienceOptions.CircuitBreakerSettings settings,
        DependencyMonitor monitor,
        ILogger logger)
    {
        void Transition(WorkbookCircuitState to, TimeSpan? breakDuration = null)
        {
            monitor.RecordTransition(to);
            switch (to)
            {
                case WorkbookCircuitState.Open or WorkbookCircuitState.Isolated:
                    logger.LogWarning("Circuit to {Dependency} opened for {BreakDuration}", monitor.Name, breakDuration ?? settings.BreakDuration);
                    break;
                case WorkbookCircuitState.HalfOpen:
                    logger.LogInformation("Circuit to {Dependency} half-open: one probe call allowed", monitor.Name);
                    break;
                default:
                    logger.LogInformation("Circuit to {Dependency} closed", monitor.Name);
                    break;
            }
        }

        if (settings.Implementation == CircuitBreakerImplementation.Workbook)
        {
            // The learner's breaker at Polly's place, with Polly's thresholds and Polly's idea of a failure.
            var workbook = new WorkbookCircuitBreakerStrategyOptions
            {
                Name = "CircuitBreaker",
                FailureRatio = settings.FailureRatio,
                MinimumThroughput = settings.MinimumThroughput,
                SamplingDuration = settings.SamplingDuration,
                BreakDuration = settings.BreakDuration,
                OnStateChanged = change => Transition(change.To),
            };
            pipeline.AddStrategy(
                context =>
                {
                    var strategy = new WorkbookCircuitBreakerStrategy(workbook, context.TimeProvider);
                    monitor.ObserveCircuit(() => strategy.State);
                    return strategy;
                },
                workbook);
            return;
        }

        var state = new CircuitBreakerStateProvider();
        monitor.ObserveCircuit(() => (WorkbookCircuitState)(int)state.CircuitState);
        pipeline.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
        {
            Name = "CircuitBreaker",
            FailureRatio = settings.FailureRatio,
            MinimumThroughput = settings.MinimumThroughput,
            SamplingDuration = settings.SamplingDuration,
            BreakDuration = settings.BreakDuration,
            StateProvider = state,
            OnOpened = args =>
            {
                Transition(args.IsManual ? WorkbookCircuitState.Isolated : WorkbookCircuitState.Open, args.BreakDuration);
                return default;
            },
            OnHalfOpened = _ =>
            {
                Transition(WorkbookCircuitState.HalfOpen);
                return default;
            },
            OnClosed = _ =>
            {
                Transition(WorkbookCircuitState.Closed);
                return default;
            },
        });
    }

    private static HttpTimeoutStrategyOptions TimeoutFor(string name, TimeSpan timeout, Action record) => new()
    {
        Name = name,
        Timeout = timeout,
        OnTimeout = _ =>
        {
            record();
            return default;
        },
    };

    private static HttpRetryStrategyOptions RetryFor(DependencyResilienceOptions.RetrySettings settings, DependencyMonitor monitor)
    {
        var retry = new HttpRetryStrategyOptions
        {
            Name = "Retry",
            MaxRetryAttempts = settings.MaxRetryAttempts,
            ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, args.Context, settings)),
            OnRetry = _ =>
            {
                monitor.RecordRetried();
                return default;
            },
        };

        if (settings.Mode == RetryMode.Naive)
        {
            // Every client of a failing dependency retrying at once, at the same moments: a retry storm.
            retry.BackoffType = DelayBackoffType.Constant;
            retry.Delay = TimeSpan.Zero;
            retry.UseJitter = false;
            retry.ShouldRetryAfterHeader = false;
        }
        else
        {
            // Exponential backoff gives the dependency room; jitter spreads the retries of many callers apart so they
            // do not arrive in synchronized waves (Polly uses decorrelated jitter for Exponential + UseJitter).
            retry.BackoffType = DelayBackoffType.Exponential;
            retry.Delay = settings.BaseDelay;
            retry.MaxDelay = settings.MaxDelay;
            retry.UseJitter = true;
            retry.ShouldRetryAfterHeader = settings.HonourRetryAfter;
        }

        return retry;
    }

    private static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, ResilienceContext context, DependencyResilienceOptions.RetrySettings settings)
    {
        // Only a request that may safely happen twice is repeated: a retried POST can charge a student twice.
        if (context.GetRequestMessage()?.Method is not { } method || !IsIdempotent(method))
        {
            return false;
        }

        // Connection errors, attempt timeouts, 408, 429 and 5xx. A 4xx will fail again; a broken-circuit rejection
        // would only be rejected again.
        if (!HttpClientResiliencePredicates.IsTransient(outcome))
        {
            return false;
        }

        // A dependency asking us to come back later than we are willing to hold our caller: fail now and pass the
        // Retry-After on, instead of parking a request (and a server worker) for it.
        return settings.Mode != RetryMode.BackoffWithJitter
            || !settings.HonourRetryAfter
            || RetryAfterOf(outcome.Result) is not { } wait
            || wait <= settings.MaxRetryAfter;
    }

    /// <summary>RFC 9110 section 9.2.2: methods whose repetition has the same effect as one request.</summary>
    public static bool IsIdempotent(HttpMethod method) =>
        method == HttpMethod.Get || method == HttpMethod.Head || method == HttpMethod.Options || method == HttpMethod.Trace
        || method == HttpMethod.Put || method == HttpMethod.Delete;

    /// <summary>The delay a response's <c>Retry-After</c> asks for, in either of its two forms.</summary>
    public static TimeSpan? RetryAfterOf(HttpResponseMessage? response)
    {
        var retryAfter = response?.Headers.RetryAfter;
        if (retryAfter?.Delta is { } delta)
        {
            return delta;
        }

        return retryAfter?.Date is { } date ? date - DateTimeOffset.UtcNow : null;
    }
}
