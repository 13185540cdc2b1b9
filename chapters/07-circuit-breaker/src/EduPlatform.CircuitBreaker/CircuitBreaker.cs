namespace EduPlatform.CircuitBreaker;

/// <summary>
/// A circuit breaker: stops calling a dependency that keeps failing, so callers fail in microseconds instead of
/// waiting on it, and the dependency gets room to recover.
/// </summary>
/// <remarks>
/// <para>
/// Closed: calls go through and their outcomes are sampled over a rolling window. When at least
/// <see cref="CircuitBreakerOptions.MinimumThroughput"/> calls finished in the window and at least
/// <see cref="CircuitBreakerOptions.FailureRatio"/> of them failed, the circuit opens.
/// </para>
/// <para>
/// Open: calls are rejected with <see cref="BrokenCircuitException"/> without reaching the dependency. The first call
/// after <see cref="CircuitBreakerOptions.BreakDuration"/> becomes the probe and the circuit turns half-open.
/// </para>
/// <para>
/// Half-open: only the probe is in flight; everyone else is rejected. A successful probe closes the circuit and
/// clears the window; a failed one opens it for another full break duration.
/// </para>
/// <para>
/// Isolated: an operator holds the circuit open until <see cref="Close"/>.
/// </para>
/// Semantics follow Polly v8's circuit breaker (the parity spec in the tests runs the same scenarios against both).
/// The class is thread-safe: every decision is taken under one lock, and the dependency is never called under it.
/// </remarks>
public sealed class CircuitBreaker
{
    private readonly Lock _gate = new();
    private readonly CircuitBreakerOptions _options;
    private readonly TimeProvider _time;
    private readonly SamplingWindow _window;

    private CircuitState _state = CircuitState.Closed;

    // Open: when the next probe may go. Half-open: when the probe was let through plus a break duration
    // (only used to tell rejected callers how long to wait).
    private DateTimeOffset _blockedUntil = DateTimeOffset.MinValue;

    private Exception? _lastFailure;

    /// <summary>Creates a closed breaker.</summary>
    /// <param name="options">Thresholds and durations; validated here.</param>
    /// <param name="timeProvider">The clock for windows and break durations; <see cref="TimeProvider.System"/> when null.</param>
    public CircuitBreaker(CircuitBreakerOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _time = timeProvider ?? TimeProvider.System;
        _window = new SamplingWindow(options.SamplingDuration, _time);
    }

    /// <summary>
    /// Raised on every transition, in the order they happen. Handlers run inside the breaker's lock (that is what
    /// keeps them in order), so they must be quick: record, log, count. Do not call the dependency from one.
    /// </summary>
    public event EventHandler<CircuitStateChange>? StateChanged;

    /// <summary>
    /// The current state. Like Polly, the breaker does not run a timer: an open circuit whose break duration has
    /// passed still reads <see cref="CircuitState.Open"/> until the next call arrives and becomes the probe.
    /// </summary>
    public CircuitState State
    {
        get
        {
            lock (_gate)
            {
                return _state;
            }
        }
    }

    /// <summary>Runs <paramref name="operation"/> through the breaker.</summary>
    /// <exception cref="BrokenCircuitException">The circuit is open, or half-open with its probe in flight.</exception>
    /// <exception cref="IsolatedCircuitException">An operator isolated the circuit.</exception>
    public Task ExecuteAsync(Func<CancellationToken, Task> operation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(operation);
        return ExecuteAsync(
            async token =>
            {
                await operation(token).ConfigureAwait(false);
                return true;
            },
            isFailure: null,
            cancellationToken);
    }

    /// <summary>Runs <paramref name="operation"/> through the breaker and returns its result.</summary>
    /// <param name="operation">The call to the dependency.</param>
    /// <param name="isFailure">
    /// Which results count as failures even though no exception was thrown (an HTTP 503, say). Null: none.
    /// </param>
    /// <param name="cancellationToken">Passed to <paramref name="operation"/>.</param>
    /// <exception cref="BrokenCircuitException">The circuit is open, or half-open with its probe in flight.</exception>
    /// <exception cref="IsolatedCircuitException">An operator isolated the circuit.</exception>
    public async Task<TResult> ExecuteAsync<TResult>(
        Func<CancellationToken, Task<TResult>> operation,
        Func<TResult, bool>? isFailure = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(operation);

        EnterOrReject();

        TResult result;
        try
        {
            result = await operation(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (_options.ShouldHandle(exception))
        {
            OnFailure(exception);
            throw;
        }
        catch
        {
            // An exception the breaker was not told to judge (by default: cancellation) counts as a success, as in
            // Polly 8: the dependency did not fail. Ignoring it instead would leave a cancelled probe holding the
            // circuit half-open for good (Polly issue #1979).
            OnSuccess();
            throw;
        }

        if (isFailure?.Invoke(result) == true)
        {
            OnFailure(cause: null);
        }
        else
        {
            OnSuccess();
        }

        return result;
    }

    /// <summary>
    /// Holds the circuit open until <see cref="Close"/>, whatever the dependency does: for a known outage or a
    /// maintenance window, so the service stops calling it at once.
    /// </summary>
    public void Isolate()
    {
        lock (_gate)
        {
            _blockedUntil = DateTimeOffset.MaxValue;
            MoveTo(CircuitState.Isolated, isManual: true, cause: null);
        }
    }

    /// <summary>Closes the circuit and forgets the sampled outcomes, from any state.</summary>
    public void Close()
    {
        lock (_gate)
        {
            CloseCircuit(isManual: true);
        }
    }

    // Decides, before the call, whether it may reach the dependency. Throws when it may not.
    private void EnterOrReject()
    {
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            switch (_state)
            {
                case CircuitState.Closed:
                    return;

                case CircuitState.Open when now >= _blockedUntil:
                    // This caller is the probe. Until its outcome arrives the circuit is half-open and everyone else
                    // is turned away, so a recovering dependency sees one request, not the whole backlog at once.
                    _blockedUntil = now + _options.BreakDuration;
                    MoveTo(CircuitState.HalfOpen, isManual: false, cause: null);
                    return;

                case CircuitState.Open:
                    throw new BrokenCircuitException(
                        "The circuit is open: the call was rejected without reaching the dependency.",
                        retryAfter: _blockedUntil - now,
                        _lastFailure);

                case CircuitState.HalfOpen:
                    throw new BrokenCircuitException(
                        "The circuit is half-open and its probe is in flight: the call was rejected.",
                        retryAfter: null,
                        _lastFailure);

                default:
                    throw new IsolatedCircuitException();
            }
        }
    }

    private void OnSuccess()
    {
        lock (_gate)
        {
            switch (_state)
            {
                case CircuitState.Closed:
                    _window.RecordSuccess();
                    break;

                case CircuitState.HalfOpen:
                    // Usually the probe; possibly a call that started before the circuit opened and answered late.
                    // Either way the dependency just answered well, which is what the probe was waiting to learn.
                    CloseCircuit(isManual: false);
                    break;

                default:
                    // Open or isolated: a late answer from a call placed before the break. Only time (or an operator)
                    // moves these states, and the window is reset when the circuit closes, so it is not recorded.
                    break;
            }
        }
    }

    private void OnFailure(Exception? cause)
    {
        lock (_gate)
        {
            _lastFailure = cause ?? _lastFailure;
            switch (_state)
            {
                case CircuitState.Closed:
                    _window.RecordFailure();
                    var (throughput, failureRatio) = _window.Health();
                    if (throughput >= _options.MinimumThroughput && failureRatio >= _options.FailureRatio)
                    {
                        OpenCircuit(cause);
                    }

                    break;

                case CircuitState.HalfOpen:
                    OpenCircuit(cause);
                    break;

                default:
                    // Open or isolated: a late failure from before the break. Re-opening would stretch the break and
                    // signal "opened" twice for one outage.
                    break;
            }
        }
    }

    private void OpenCircuit(Exception? cause)
    {
        _blockedUntil = _time.GetUtcNow() + _options.BreakDuration;
        MoveTo(CircuitState.Open, isManual: false, cause);
    }

    private void CloseCircuit(bool isManual)
    {
        // A closed circuit starts from a clean window: the failures that opened it are history.
        _window.Reset();
        _blockedUntil = DateTimeOffset.MinValue;
        _lastFailure = null;
        if (_state != CircuitState.Closed)
        {
            MoveTo(CircuitState.Closed, isManual, cause: null);
        }
    }

    private void MoveTo(CircuitState next, bool isManual, Exception? cause)
    {
        var previous = _state;
        _state = next;
        StateChanged?.Invoke(this, new CircuitStateChange(previous, next, _time.GetUtcNow(), isManual, cause));
    }

    /// <summary>
    /// The outcomes of the last <c>SamplingDuration</c>, kept as ten buckets so that recording an outcome and reading
    /// the totals are O(1) no matter the traffic. The price: outcomes leave a bucket at a time, so the window is up to
    /// one bucket (a tenth of the duration) shorter than an exact sliding window. This is Polly's
    /// <c>RollingHealthMetrics</c>, boundary for boundary: a bucket starts at the first outcome after the previous one
    /// ended (not on a fixed grid), and leaves the window once it started a full sampling duration ago.
    /// </summary>
    private sealed class SamplingWindow(TimeSpan samplingDuration, TimeProvider time)
    {
        private const int BucketCount = 10;

        private readonly TimeSpan _bucketDuration = samplingDuration / BucketCount;
        private readonly Queue<Bucket> _buckets = new();
        private Bucket? _current;
        private int _successes;
        private int _failures;

        public void RecordSuccess()
        {
            CurrentBucket().Successes++;
            _successes++;
        }

        public void RecordFailure()
        {
            CurrentBucket().Failures++;
            _failures++;
        }

        public (int Throughput, double FailureRatio) Health()
        {
            DropExpiredBuckets(time.GetUtcNow());
            var throughput = _successes + _failures;
            return (throughput, throughput == 0 ? 0 : (double)_failures / throughput);
        }

        public void Reset()
        {
            _buckets.Clear();
            _current = null;
            _successes = 0;
            _failures = 0;
        }

        private Bucket CurrentBucket()
        {
            var now = time.GetUtcNow();
            if (_current is null || now - _current.StartedAt >= _bucketDuration)
            {
                _current = new Bucket(now);
                _buckets.Enqueue(_current);
            }

            DropExpiredBuckets(now);
            return _current;
        }

        private void DropExpiredBuckets(DateTimeOffset now)
        {
            while (_buckets.TryPeek(out var oldest) && now - oldest.StartedAt >= samplingDuration)
            {
                _buckets.Dequeue();
                _successes -= oldest.Successes;
                _failures -= oldest.Failures;
                if (ReferenceEquals(oldest, _current))
                {
                    _current = null;
                }
            }
        }

        private sealed class Bucket(DateTimeOffset startedAt)
        {
            public DateTimeOffset StartedAt { get; } = startedAt;

            public int Successes { get; set; }

            public int Failures { get; set; }
        }
    }
}
