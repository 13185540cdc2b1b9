using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace EduPlatform.EventStore.Subscriptions;

/// <summary>
/// Hands every event of the store, in global order, to a handler: first the history from the stored
/// checkpoint ("catch up"), then new events as they are committed ("live").
/// <list type="bullet">
/// <item>At-least-once: the checkpoint is stored after a page of events is handled, so a crash
/// re-delivers at most the page it was in. Make the handler idempotent (or store its effects and the
/// checkpoint in one transaction, with your own <see cref="ICheckpointStore"/>).</item>
/// <item>Resumable: a new instance with the same id continues from the checkpoint.</item>
/// <item>Live: a LISTEN connection wakes the loop when an append commits; if notifications are lost
/// or the connection breaks, the loop still polls every <see cref="CatchUpSubscriptionOptions.PollInterval"/>.</item>
/// <item>No event skipped: it reads with <see cref="PostgresEventStore.ReadAllForwardAsync"/>, whose
/// positions become visible strictly in order.</item>
/// </list>
/// </summary>
public sealed class CatchUpSubscription
{
    private readonly string _subscriptionId;
    private readonly NpgsqlDataSource _dataSource;
    private readonly PostgresEventStore _store;
    private readonly ICheckpointStore _checkpoints;
    private readonly Func<RecordedEvent, CancellationToken, Task> _handler;
    private readonly CatchUpSubscriptionOptions _options;
    private readonly ILogger _logger;
    private long _position;

    public CatchUpSubscription(
        string subscriptionId,
        NpgsqlDataSource dataSource,
        PostgresEventStore store,
        Func<RecordedEvent, CancellationToken, Task> handler,
        CatchUpSubscriptionOptions? options = null,
        ICheckpointStore? checkpoints = null,
        ILogger? logger = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(subscriptionId);
        _subscriptionId = subscriptionId;
        _dataSource = dataSource;
        _store = store;
        _handler = handler;
        _options = options ?? new CatchUpSubscriptionOptions();
        _checkpoints = checkpoints ?? new PostgresCheckpointStore(dataSource);
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>What the LISTEN connection calls itself in <c>pg_stat_activity.application_name</c>.</summary>
    public string ListenerApplicationName => $"eventstore-listener:{_subscriptionId}";

    /// <summary>The global position of the last event the handler finished.</summary>
    public long Position => Interlocked.Read(ref _position);

    /// <summary>
    /// Runs until <paramref name="cancellationToken"/> is cancelled (then throws
    /// <see cref="OperationCanceledException"/>) or the handler throws (then rethrows it; events of the
    /// unfinished page are delivered again by the next run).
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        Interlocked.Exchange(ref _position, await _checkpoints.LoadAsync(_subscriptionId, cancellationToken));

        // A wake-up is a single flag: ten notifications while we were busy need one more read, not ten.
        var wakeUps = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
        using var stopListening = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var listener = _options.UseNotifications
            ? ListenAsync(wakeUps.Writer, listening, stopListening.Token)
            : Task.CompletedTask;
        try
        {
            if (_options.UseNotifications)
            {
                // LISTEN before the first read, so nothing committed after that read goes unnoticed.
                // (Completed too when LISTEN fails: then polling alone carries on.)
                await listening.Task.WaitAsync(cancellationToken);
            }

            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var page = await _store.ReadAllForwardAsync(Position, _options.BatchSize, cancellationToken);
                foreach (var recorded in page)
                {
                    await _handler(recorded, cancellationToken);
                    Interlocked.Exchange(ref _position, recorded.GlobalPosition);
                }

                if (page.Count > 0)
                {
                    await _checkpoints.StoreAsync(_subscriptionId, Position, cancellationToken);
                }

                if (page.Count < _options.BatchSize)
                {
                    // Caught up: sleep until an append commits, or the poll interval passes.
                    await WaitForWakeUpAsync(wakeUps.Reader, cancellationToken);
                }
            }
        }
        finally
        {
            await stopListening.CancelAsync();
            await listener.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private async Task WaitForWakeUpAsync(ChannelReader<bool> wakeUps, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.PollInterval);
        try
        {
            await wakeUps.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The poll interval passed without a notification: read anyway.
        }
    }

    /// <summary>Keeps one LISTEN connection open, re-opening it after failures, until stopped.</summary>
    private async Task ListenAsync(ChannelWriter<bool> wakeUps, TaskCompletionSource listening, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await using var connection = await _dataSource.OpenConnectionAsync(stop);
                connection.Notification += (_, _) => wakeUps.TryWrite(true);
                await using (var name = new NpgsqlCommand("SELECT set_config('application_name', $1, false)", connection))
                {
                    name.Parameters.Add(new NpgsqlParameter<string> { TypedValue = ListenerApplicationName });
                    await name.ExecuteNonQueryAsync(stop);
                }

                await using (var listen = new NpgsqlCommand("LISTEN eventstore_appended", connection))
                {
                    await listen.ExecuteNonQueryAsync(stop);
                }

                listening.TrySetResult();
                // Appends may have committed while no LISTEN was active (first start, reconnect): look.
                wakeUps.TryWrite(true);
                while (true)
                {
                    await connection.WaitAsync(stop);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (exception is NpgsqlException or InvalidOperationException or IOException)
            {
                // Polling carries on meanwhile; the subscription is slower, not stuck.
                listening.TrySetResult();
                _logger.LogWarning(exception, "Subscription {SubscriptionId}: LISTEN connection failed; polling every {PollInterval} until it is back.",
                    _subscriptionId, _options.PollInterval);
                await Task.Delay(_options.ListenRetryDelay, stop).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }
}
