using EduPlatform.Bff.Downstreams;
using ZiggyCreatures.Caching.Fusion;

namespace EduPlatform.Bff.Dashboard;

/// <summary>What the aggregator asks of one section: its data within the leg's budget, and what became of it.</summary>
public interface ISectionSource
{
    string Name { get; }

    Task<SectionResult> FetchAsync(Student student, Leg leg);
}

/// <param name="Budget">How long this leg may take (null: no deadline).</param>
/// <param name="Cancellation">Cancelled when the budget runs out or, unless switched off, when the client leaves.</param>
/// <param name="ClientGone">Cancelled when the client leaves: nobody will read the answer, so no fallback is looked up.</param>
public sealed record Leg(TimeSpan? Budget, CancellationToken Cancellation, CancellationToken ClientGone);

/// <summary>
/// One section of the dashboard, read through the cache (the pattern's second half; the fan-out is in
/// <see cref="DashboardAggregator"/>):
/// <list type="number">
/// <item>fresh in the cache: served, <c>ok</c>, with its age;</item>
/// <item>not fresh: one call to the downstream per key however many requests want it at once (FusionCache's stampede
///   protection); its answer is cached and served <c>ok</c>;</item>
/// <item>that call fails: the expired copy is served <c>stale</c> (FusionCache's fail-safe), and the downstream is not
///   asked again for <see cref="DashboardOptions.CacheOptions.RetryFailedRefreshAfter"/>;</item>
/// <item>the budget runs out first: the call is cancelled and the expired copy, if any, is served <c>stale</c>;</item>
/// <item>no copy at all: <c>degraded</c> when it was late, <c>unavailable</c> when it failed.</item>
/// </list>
/// Per-student sections are keyed by the token's subject, so one student's data is never another's cache hit.
/// </summary>
public sealed class SectionSource<T> : ISectionSource where T : class
{
    private readonly Func<Student, TimeSpan?, CancellationToken, Task<T>> _fetch;
    private readonly bool _perStudent;
    private readonly IFusionCache? _cache;
    private readonly TimeSpan _freshness;
    private readonly FusionCacheEntryOptions _entry;
    private readonly FusionCacheEntryOptions _staleRead;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;

    /// <param name="fetch">The downstream call: the student, the leg's budget, and the token that cancels it.</param>
    /// <param name="cache">Null: no cache (every request calls the downstream; a failure has no copy to fall back on).</param>
    public SectionSource(string name, bool perStudent, Func<Student, TimeSpan?, CancellationToken, Task<T>> fetch,
        IFusionCache? cache, DashboardOptions.CacheOptions options, TimeProvider clock, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        Name = name;
        _perStudent = perStudent;
        _fetch = fetch;
        _cache = cache;
        _clock = clock;
        _logger = logger;
        _freshness = options.FreshnessOf(name);
        _entry = new FusionCacheEntryOptions
        {
            Duration = _freshness,
            IsFailSafeEnabled = true,
            FailSafeMaxDuration = _freshness + options.StaleFor,
            FailSafeThrottleDuration = options.RetryFailedRefreshAfter,
            // Writing to Redis and telling the other instances happen after the answer, not before it.
            AllowBackgroundDistributedCacheOperations = true,
            AllowBackgroundBackplaneOperations = true,
        };
        _staleRead = _entry.Duplicate().SetAllowStaleOnReadOnly(true);
    }

    public string Name { get; }

    public async Task<SectionResult> FetchAsync(Student student, Leg leg)
    {
        ArgumentNullException.ThrowIfNull(student);
        ArgumentNullException.ThrowIfNull(leg);
        try
        {
            if (_cache is null)
            {
                return SectionResult.Fresh(await _fetch(student, leg.Budget, leg.Cancellation), TimeSpan.Zero);
            }

            var refresh = new Refresh();
            var copy = await _cache.GetOrSetAsync<Cached>(
                KeyOf(student),
                async (_, cancellation) => await refresh.RunAsync(() => _fetch(student, leg.Budget, cancellation), _clock),
                _entry,
                leg.Cancellation);
            return Judge(copy, refresh);
        }
        catch (OperationCanceledException) when (leg.ClientGone.IsCancellationRequested)
        {
            throw; // nobody is waiting for this answer any more
        }
        catch (OperationCanceledException)
        {
            return await StaleCopyOrAsync(student, SectionStatus.Degraded, $"no answer within {leg.Budget?.TotalMilliseconds:0} ms", leg);
        }
#pragma warning disable CA1031 // Whatever broke this leg costs its section, never the page.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            if (exception is not DownstreamFailedException)
            {
                _logger.LogWarning(exception, "Section {Section} failed unexpectedly", Name);
            }

            return await StaleCopyOrAsync(student, SectionStatus.Unavailable, exception.Message, leg);
        }
    }

    private string KeyOf(Student student) => _perStudent ? $"{Name}:{student.Subject}" : Name;

    private SectionResult Judge(Cached copy, Refresh refresh)
    {
        if (refresh.Succeeded)
        {
            return SectionResult.Fresh(copy.Value, TimeSpan.Zero);
        }

        var age = _clock.GetUtcNow() - copy.FetchedAt;
        if (refresh.Error is { } error)
        {
            return SectionResult.StaleCopy(copy.Value, age, error);
        }

        // A cache hit: fresh, or the expired copy a recent failed refresh left in place for a while.
        return age <= _freshness
            ? SectionResult.Fresh(copy.Value, age)
            : SectionResult.StaleCopy(copy.Value, age, "a recent refresh failed; retrying shortly");
    }

    private async Task<SectionResult> StaleCopyOrAsync(Student student, SectionStatus withoutCopy, string reason, Leg leg)
    {
        if (_cache is not null)
        {
            var copy = await _cache.TryGetAsync<Cached>(KeyOf(student), _staleRead, leg.ClientGone);
            if (copy.HasValue)
            {
                return SectionResult.StaleCopy(copy.Value.Value, _clock.GetUtcNow() - copy.Value.FetchedAt, reason);
            }
        }

        return SectionResult.Missing(withoutCopy, reason);
    }

    /// <summary>What the cache holds: the section's data and when it was fetched (its age is what the client sees).</summary>
    public sealed record Cached(T Value, DateTimeOffset FetchedAt);

    /// <summary>Whether this request's own call to the downstream ran, and how it ended (a waiter on another's call ran none).</summary>
    private sealed class Refresh
    {
        public bool Succeeded { get; private set; }

        public string? Error { get; private set; }

        public async Task<Cached> RunAsync(Func<Task<T>> fetch, TimeProvider clock)
        {
            try
            {
                var value = await fetch();
                Succeeded = true;
                return new Cached(value, clock.GetUtcNow());
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                Error = exception.Message;
                throw;
            }
        }
    }
}
