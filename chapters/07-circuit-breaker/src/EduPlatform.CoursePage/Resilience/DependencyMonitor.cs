using System.Threading.RateLimiting;
using EduPlatform.CircuitBreaker;

namespace EduPlatform.CoursePage.Resilience;

/// <summary>
/// What happened to the calls to one dependency: counters the pipeline's callbacks bump, the breaker's state and
/// recent transitions, and the bulkhead's occupancy. Read by <c>GET /diagnostics/resilience</c> so a load run can see
/// when the circuit opened and closed and how many calls actually reached the dependency.
/// </summary>
public sealed class DependencyMonitor(string name, DependencyResilienceOptions options, TimeProvider time)
{
    private const int TransitionsKept = 50;

    private readonly Queue<CircuitTransition> _transitions = new();
    private readonly Lock _transitionsGate = new();
    private ConcurrencyLimiter? _bulkhead;
    private Func<CircuitState>? _circuitState;

    private long _requested;
    private long _attempted;
    private long _succeeded;
    private long _failed;
    private long _retried;
    private long _attemptTimeouts;
    private long _totalTimeouts;
    private long _rejectedByCircuit;
    private long _rejectedByBulkhead;
    private long _opened;
    private long _halfOpened;
    private long _closed;

    public string Name { get; } = name;

    public DependencyResilienceOptions Options { get; } = options;

    public void ObserveBulkhead(ConcurrencyLimiter bulkhead) => _bulkhead = bulkhead;

    /// <summary>How to read the breaker's state, whichever breaker the pipeline holds.</summary>
    public void ObserveCircuit(Func<CircuitState> state) => _circuitState = state;

    public void RecordRequested() => Interlocked.Increment(ref _requested);

    public void RecordAttempted() => Interlocked.Increment(ref _attempted);

    public void RecordSucceeded() => Interlocked.Increment(ref _succeeded);

    public void RecordFailed() => Interlocked.Increment(ref _failed);

    public void RecordRetried() => Interlocked.Increment(ref _retried);

    public void RecordAttemptTimeout() => Interlocked.Increment(ref _attemptTimeouts);

    public void RecordTotalTimeout() => Interlocked.Increment(ref _totalTimeouts);

    public void RecordRejectedByCircuit() => Interlocked.Increment(ref _rejectedByCircuit);

    public void RecordRejectedByBulkhead() => Interlocked.Increment(ref _rejectedByBulkhead);

    public void RecordTransition(CircuitState to)
    {
        _ = to switch
        {
            CircuitState.Open or CircuitState.Isolated => Interlocked.Increment(ref _opened),
            CircuitState.HalfOpen => Interlocked.Increment(ref _halfOpened),
            _ => Interlocked.Increment(ref _closed),
        };

        lock (_transitionsGate)
        {
            _transitions.Enqueue(new CircuitTransition(time.GetUtcNow(), to.ToString()));
            if (_transitions.Count > TransitionsKept)
            {
                _transitions.Dequeue();
            }
        }
    }

    public DependencySnapshot Snapshot()
    {
        CircuitTransition[] transitions;
        lock (_transitionsGate)
        {
            transitions = [.. _transitions];
        }

        var bulkhead = _bulkhead?.GetStatistics();
        return new DependencySnapshot(
            new CircuitSnapshot(
                Options.CircuitBreaker.Enabled,
                // Both breakers move Open -> HalfOpen when the next call arrives, so an idle open circuit keeps reading Open.
                Options.CircuitBreaker.Enabled ? _circuitState?.Invoke().ToString() ?? nameof(CircuitState.Closed) : null,
                Interlocked.Read(ref _opened),
                Interlocked.Read(ref _halfOpened),
                Interlocked.Read(ref _closed),
                transitions),
            new CallCounters(
                Interlocked.Read(ref _requested),
                Interlocked.Read(ref _attempted),
                Interlocked.Read(ref _succeeded),
                Interlocked.Read(ref _failed),
                Interlocked.Read(ref _retried),
                Interlocked.Read(ref _attemptTimeouts),
                Interlocked.Read(ref _totalTimeouts),
                Interlocked.Read(ref _rejectedByCircuit),
                Interlocked.Read(ref _rejectedByBulkhead)),
            new BulkheadSnapshot(
                Options.Bulkhead.Enabled,
                Options.Bulkhead.PermitLimit,
                Options.Bulkhead.QueueLimit,
                bulkhead is null ? 0 : Options.Bulkhead.PermitLimit - bulkhead.CurrentAvailablePermits,
                bulkhead?.CurrentQueuedCount ?? 0),
            Options);
    }
}

/// <summary>One breaker transition as seen by the pipeline's callbacks.</summary>
public sealed record CircuitTransition(DateTimeOffset At, string To);

/// <summary>The breaker's part of <c>/diagnostics/resilience</c>. <c>State</c> is null when the breaker is disabled.</summary>
public sealed record CircuitSnapshot(
    bool Enabled,
    string? State,
    long Opened,
    long HalfOpened,
    long Closed,
    IReadOnlyList<CircuitTransition> RecentTransitions);

/// <summary>
/// Call counters. <c>Requested</c>: calls our endpoints made; <c>Attempted</c>: HTTP requests that actually left for the
/// dependency (retries included, rejections excluded); <c>Succeeded</c>/<c>Failed</c>: final outcomes of requested calls.
/// </summary>
public sealed record CallCounters(
    long Requested,
    long Attempted,
    long Succeeded,
    long Failed,
    long Retried,
    long AttemptTimeouts,
    long TotalTimeouts,
    long RejectedByCircuit,
    long RejectedByBulkhead);

/// <summary>The bulkhead's part of <c>/diagnostics/resilience</c>.</summary>
public sealed record BulkheadSnapshot(bool Enabled, int PermitLimit, int QueueLimit, long InUse, long Queued);

/// <summary>Everything <c>/diagnostics/resilience</c> reports about one dependency.</summary>
public sealed record DependencySnapshot(
    CircuitSnapshot Circuit,
    CallCounters Calls,
    BulkheadSnapshot Bulkhead,
    DependencyResilienceOptions Settings);
