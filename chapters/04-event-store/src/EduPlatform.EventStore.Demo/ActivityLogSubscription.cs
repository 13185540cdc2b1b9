using EduPlatform.EventStore.Subscriptions;
using Npgsql;

namespace EduPlatform.EventStore.Demo;

/// <summary>
/// A live catch-up subscription in the demo: logs one line per event, in global order, resuming from
/// its checkpoint after a restart (so a restart logs at most one page again, never skips).
/// </summary>
internal sealed class ActivityLogSubscription(NpgsqlDataSource dataSource, PostgresEventStore store, ILogger<ActivityLogSubscription> logger)
    : BackgroundService
{
    public const string Id = "demo-activity-log";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var subscription = new CatchUpSubscription(Id, dataSource, store, LogAsync, logger: logger);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await subscription.RunAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // a failed run is logged and retried: the demo keeps serving appends meanwhile
            catch (Exception exception)
#pragma warning restore CA1031
            {
                logger.LogError(exception, "Subscription {SubscriptionId} failed at position {Position}; retrying in 5 s.", Id, subscription.Position);
                await Task.Delay(TimeSpan.FromSeconds(5), stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private Task LogAsync(RecordedEvent recorded, CancellationToken cancellationToken)
    {
        logger.LogInformation("#{Position} {Stream} v{Version}: {Type}", recorded.GlobalPosition, recorded.StreamId, recorded.StreamVersion, recorded.EventType);
        return Task.CompletedTask;
    }
}
