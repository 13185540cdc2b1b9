using EduPlatform.EventStore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace EduPlatform.Cqrs.Projections;

/// <summary>
/// The projector role: runs one <see cref="Projector"/> for the Redis leaderboard and one per generation that is not
/// dropped (active, standby, building). Every Cqrs:GenerationPollMs it looks for new generations (a rebuild started
/// by the API), dropped ones (stops their projector), and switches a building generation once it has caught up.
/// </summary>
internal sealed class ProjectorHost(
    NpgsqlDataSource dataSource,
    PostgresEventStore store,
    ReadModelGenerations generations,
    RedisLeaderboard redis,
    CqrsMetrics metrics,
    IOptions<CqrsOptions> options,
    TimeProvider time,
    ILoggerFactory loggers) : BackgroundService
{
    private readonly ILogger _logger = loggers.CreateLogger<ProjectorHost>();
    private readonly Dictionary<int, RunningProjector> _generations = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.RunsProjector)
        {
            return;
        }

        var leaderboard = Start(redis, settings.Projector(rebuilding: false), stoppingToken);
        try
        {
            do
            {
                try
                {
                    await FollowGenerationsAsync(settings, stoppingToken);
                }
                catch (Exception exception) when (exception is NpgsqlException or TimeoutException or GenerationConflictException)
                {
                    _logger.LogWarning(exception, "Looking at the read-model generations failed; the running projectors go on.");
                }
            }
            while (await PauseAsync(TimeSpan.FromMilliseconds(settings.GenerationPollMs), stoppingToken));
        }
        finally
        {
            foreach (var running in _generations.Values.Append(leaderboard))
            {
                await running.StopAsync();
            }
        }
    }

    private async Task FollowGenerationsAsync(CqrsOptions settings, CancellationToken stoppingToken)
    {
        var all = await generations.ListAsync(stoppingToken);
        foreach (var generation in all.Where(g => g.Status != GenerationStatus.Dropped && !_generations.ContainsKey(g.Version)))
        {
            var rebuilding = generation.Status == GenerationStatus.Building;
            _generations[generation.Version] = Start(new PostgresReadModels(dataSource, generation.Version), settings.Projector(rebuilding), stoppingToken);
            _logger.LogInformation("Projecting generation {Version} ({Status}).", generation.Version, generation.Status);
        }

        foreach (var version in _generations.Keys.Where(v => all.All(g => g.Version != v || g.Status == GenerationStatus.Dropped)).ToArray())
        {
            await _generations[version].StopAsync();
            _generations.Remove(version);
            _logger.LogInformation("Stopped projecting dropped generation {Version}.", version);
        }

        // A rebuild switches itself once caught up: readers move to it without anyone watching the progress bar.
        var active = all.SingleOrDefault(g => g.Status == GenerationStatus.Active);
        foreach (var building in all.Where(g => g.Status == GenerationStatus.Building && _generations.ContainsKey(g.Version)))
        {
            if (active is null || _generations[building.Version].Projector.Position + settings.BatchSize < await generations.ReadPositionAsync(active.Version, stoppingToken))
            {
                continue;
            }

            var outcome = await generations.TrySwitchAsync(building.Version, stoppingToken);
            if (outcome.Switched)
            {
                _logger.LogInformation("Generation {Version} caught up with {Previous}: reads switched to it.", building.Version, active.Version);
            }
        }
    }

    private RunningProjector Start(IReadModelStore readModels, ProjectorOptions projectorOptions, CancellationToken stoppingToken)
    {
        var stop = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var projector = new Projector(readModels, dataSource, store, projectorOptions, metrics, time, loggers.CreateLogger<Projector>());
        return new RunningProjector(projector, stop, Task.Run(() => projector.RunAsync(stop.Token), CancellationToken.None));
    }

    private sealed record RunningProjector(Projector Projector, CancellationTokenSource Stop, Task Running)
    {
        public async Task StopAsync()
        {
            await Stop.CancelAsync();
            await Running.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            Stop.Dispose();
        }
    }

    // False once stopping: the loop ends instead of throwing.
    private async Task<bool> PauseAsync(TimeSpan interval, CancellationToken stoppingToken)
    {
        await Task.Delay(interval, time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        return !stoppingToken.IsCancellationRequested;
    }
}
