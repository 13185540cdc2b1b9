using Microsoft.Extensions.Options;

namespace EduPlatform.Cqrs.Projections;

/// <summary>Refreshes <see cref="ProjectionMonitor.Latest"/> (what the lag gauges report) every Cqrs:LagRefreshMs.</summary>
internal sealed class ProjectionMonitorRefresher(ProjectionMonitor monitor, IOptions<CqrsOptions> options, TimeProvider time, ILogger<ProjectionMonitorRefresher> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        do
        {
            try
            {
                await monitor.ReadAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // The gauges keep their last values; the next tick tries again.
                logger.LogWarning(exception, "Reading the projections' lag failed.");
            }
        }
        while (await PauseAsync(TimeSpan.FromMilliseconds(options.Value.LagRefreshMs), stoppingToken));
    }

    // False once stopping: the loop ends instead of throwing.
    private async Task<bool> PauseAsync(TimeSpan interval, CancellationToken stoppingToken)
    {
        await Task.Delay(interval, time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        return !stoppingToken.IsCancellationRequested;
    }
}
