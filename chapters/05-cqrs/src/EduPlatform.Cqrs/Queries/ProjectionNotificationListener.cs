using EduPlatform.Cqrs.Projections;
using Microsoft.Extensions.Options;
using Npgsql;
using StackExchange.Redis;

namespace EduPlatform.Cqrs.Queries;

/// <summary>
/// The API role's ears: LISTEN readmodel_projected (PostgreSQL) and SUBSCRIBE to the leaderboard's channel (Redis),
/// each pulsing <see cref="ProjectionSignal"/>. Losing a notification only costs a waiter its next poll (50 ms).
/// </summary>
internal sealed class ProjectionNotificationListener(
    NpgsqlDataSource dataSource, IConnectionMultiplexer redis, RedisKeys keys, ProjectionSignal signal, IOptions<CqrsOptions> options,
    ILogger<ProjectionNotificationListener> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.RunsApi)
        {
            return;
        }

        var subscriber = redis.GetSubscriber();
        await subscriber.SubscribeAsync(RedisChannel.Literal(keys.ProjectedChannel), (_, _) => signal.Pulse());
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await using var connection = await dataSource.OpenConnectionAsync(stoppingToken);
                    connection.Notification += (_, _) => signal.Pulse();
                    await using (var listen = new NpgsqlCommand($"LISTEN {PostgresReadModels.ProjectedChannel}", connection))
                    {
                        await listen.ExecuteNonQueryAsync(stoppingToken);
                    }

                    while (true)
                    {
                        await connection.WaitAsync(stoppingToken);
                    }
                }
                catch (Exception exception) when (exception is NpgsqlException or IOException or InvalidOperationException)
                {
                    logger.LogWarning(exception, "The LISTEN connection for projection notifications failed; waiters poll until it is back.");
                    await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            await subscriber.UnsubscribeAsync(RedisChannel.Literal(keys.ProjectedChannel));
        }
    }
}
