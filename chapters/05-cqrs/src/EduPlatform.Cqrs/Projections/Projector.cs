using EduPlatform.Cqrs.ReadModels;
using EduPlatform.EventStore;
using EduPlatform.EventStore.Subscriptions;
using Npgsql;

namespace EduPlatform.Cqrs.Projections;

/// <summary>
/// The projector: chapter 04's global order in, one read model out, exactly once in effect.
/// <list type="number">
/// <item><b>Reads in commit order from a checkpoint.</b> It is a <see cref="CatchUpSubscription"/> (chapter 04): pages
/// of <c>ReadAllForwardAsync(checkpoint)</c>, woken by NOTIFY, polling as a safety net. Chapter 04 hands positions
/// out in commit order, so a plain <c>position &gt; checkpoint</c> read never skips an event that commits late.</item>
/// <item><b>Batches.</b> A page is folded in memory (<see cref="ReadModelFold"/>) and written in one step.</item>
/// <item><b>Read model and checkpoint in one commit.</b> This class is the subscription's
/// <see cref="ICheckpointStore"/>: "store the checkpoint" means "commit the page and the checkpoint together"
/// (<see cref="IReadModelStore.ApplyAsync"/>). A crash before that commit loses the page and its checkpoint alike, and
/// the next run reads it again; a crash after it finds both. No event is applied twice, none is skipped.</item>
/// <item><b>Poison events are parked, the projection goes on.</b> A page that fails for a reason of its own (not a
/// lost connection) is split in halves until the failing event stands alone; that event is tried
/// <see cref="ProjectorOptions.MaxAttempts"/> times, then parked in the dead letters with the reason, in the same
/// commit as the checkpoint that moves past it.</item>
/// <item>Any other failure (database or Redis unreachable, another instance moved the checkpoint) restarts the
/// subscription after <see cref="ProjectorOptions.RetryDelay"/>; it resumes from the stored checkpoint.</item>
/// </list>
/// </summary>
public sealed class Projector : ICheckpointStore
{
    private readonly IReadModelStore _store;
    private readonly NpgsqlDataSource _dataSource;
    private readonly PostgresEventStore _events;
    private readonly ProjectorOptions _options;
    private readonly CqrsMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly List<RecordedEvent> _page = [];
    private long _position;

    public Projector(IReadModelStore store, NpgsqlDataSource dataSource, PostgresEventStore events, ProjectorOptions options,
        CqrsMetrics metrics, TimeProvider time, ILogger logger)
    {
        _store = store;
        _dataSource = dataSource;
        _events = events;
        _options = options;
        _metrics = metrics;
        _time = time;
        _logger = logger;
    }

    public string Name => _store.ProjectionName;

    /// <summary>The last position committed by this projector (applied or parked).</summary>
    public long Position => Interlocked.Read(ref _position);

    /// <summary>Projects until cancelled, restarting from the stored checkpoint after every failure that is not an event's.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var subscriptionOptions = new CatchUpSubscriptionOptions { BatchSize = _options.BatchSize, PollInterval = _options.PollInterval };
        while (true)
        {
            _page.Clear();
            var subscription = new CatchUpSubscription(Name, _dataSource, _events, BufferAsync, subscriptionOptions, checkpoints: this, logger: _logger);
            try
            {
                await subscription.RunAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // whatever it was, the stored checkpoint is the truth: restart from it
            catch (Exception exception)
#pragma warning restore CA1031
            {
                _metrics.RecordRestart(Name);
                _logger.LogWarning(exception, "Projection {Projection} stopped at {Position}; restarting from its stored checkpoint in {Delay}.",
                    Name, Position, _options.RetryDelay);
                await Task.Delay(_options.RetryDelay, _time, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                if (cancellationToken.IsCancellationRequested)
                {
                    return;
                }
            }
        }
    }

    // The subscription's handler: collect the page; it is committed when the subscription stores the checkpoint.
    private Task BufferAsync(RecordedEvent recorded, CancellationToken cancellationToken)
    {
        _page.Add(recorded);
        return Task.CompletedTask;
    }

    async Task<long> ICheckpointStore.LoadAsync(string subscriptionId, CancellationToken cancellationToken)
    {
        var position = await _store.LoadPositionAsync(cancellationToken);
        Interlocked.Exchange(ref _position, position);
        return position;
    }

    async Task ICheckpointStore.StoreAsync(string subscriptionId, long position, CancellationToken cancellationToken)
    {
        var page = _page.ToArray();
        _page.Clear();
        await ApplyOrSplitAsync(page, cancellationToken);
    }

    private async Task ApplyOrSplitAsync(RecordedEvent[] events, CancellationToken cancellationToken)
    {
        try
        {
            await ApplyAsync(events, cancellationToken);
        }
        catch (Exception exception) when (IsTheEventsFault(exception) && events.Length > 1)
        {
            // Somewhere in this page is an event that cannot be applied. Halves that hold none commit as batches;
            // the one that does is split again, until the culprit stands alone.
            var half = events.Length / 2;
            await ApplyOrSplitAsync(events.Take(half).ToArray(), cancellationToken);
            await ApplyOrSplitAsync(events.Skip(half).ToArray(), cancellationToken);
        }
        catch (Exception exception) when (IsTheEventsFault(exception))
        {
            await RetryOrParkAsync(events[0], exception, cancellationToken);
        }
    }

    private async Task RetryOrParkAsync(RecordedEvent recorded, Exception failure, CancellationToken cancellationToken)
    {
        for (var attempt = 2; attempt <= _options.MaxAttempts; attempt++)
        {
            // Some failures are the event's only for a while (a row another process is about to fix): try again.
            await Task.Delay(_options.RetryDelay * (attempt - 1), _time, cancellationToken);
            try
            {
                await ApplyAsync([recorded], cancellationToken);
                return;
            }
            catch (Exception exception) when (IsTheEventsFault(exception))
            {
                failure = exception;
            }
        }

        var reason = failure is PoisonEventException poison ? poison.Reason : failure.Message;
        await _store.ParkAsync(Position, recorded, reason, _options.MaxAttempts, cancellationToken);
        Interlocked.Exchange(ref _position, recorded.GlobalPosition);
        _metrics.RecordParked(Name);
        _logger.LogError(failure, "Projection {Projection} parked event #{Position} ({Type} on {Stream}) after {Attempts} attempts: {Reason}",
            Name, recorded.GlobalPosition, recorded.EventType, recorded.StreamId, _options.MaxAttempts, reason);
    }

    private async Task ApplyAsync(IReadOnlyList<RecordedEvent> events, CancellationToken cancellationToken)
    {
        await _store.ApplyAsync(Position, events, cancellationToken);
        Interlocked.Exchange(ref _position, events[^1].GlobalPosition);
        _metrics.RecordApplied(Name, events, _time.GetUtcNow());
    }

    /// <summary>
    /// Failures that retrying the same event will (almost certainly) not cure: the fold's rules, and PostgreSQL's data
    /// and integrity errors (classes 22 and 23). Everything else (connections, timeouts, a moved checkpoint, a dropped
    /// schema) is not the event's fault: it must never get an event parked.
    /// </summary>
    private static bool IsTheEventsFault(Exception exception) => exception switch
    {
        PoisonEventException => true,
        PostgresException postgres => postgres.SqlState.StartsWith("22", StringComparison.Ordinal)
                                      || postgres.SqlState.StartsWith("23", StringComparison.Ordinal),
        _ => false,
    };
}
