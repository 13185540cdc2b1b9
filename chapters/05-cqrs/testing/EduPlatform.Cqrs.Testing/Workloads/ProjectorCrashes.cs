namespace EduPlatform.Cqrs.Testing.Workloads;

/// <summary>
/// Kills the projector's instance (SIGKILL when it runs as its own process) at random moments and starts it again,
/// while the writers go on: wherever the kill lands (mid-read, mid-fold, between the batch's write and its COMMIT,
/// between Redis's script and the projector knowing it ran), the restarted projector must go on from the stored
/// checkpoints without applying an event twice or skipping one.
/// </summary>
public static class ProjectorCrashes
{
    /// <summary>One kill after a random uptime (between <paramref name="minUptime"/> and <paramref name="maxUptime"/>), then a restart.</summary>
    public static async Task KillOnceAsync(CqrsSystem system, Random random, TimeSpan minUptime, TimeSpan maxUptime, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(random);
        var uptime = minUptime + (maxUptime - minUptime) * random.NextDouble();
        await Task.Delay(uptime, cancellationToken);
        await system.KillProjectorAsync();
        await system.RestartProjectorAsync(cancellationToken);
    }

    /// <summary>The standalone driver (tests): <paramref name="kills"/> kills and restarts, one after the other.</summary>
    public static async Task RunAsync(CqrsSystem system, int kills, Random random, TimeSpan minUptime, TimeSpan maxUptime, CancellationToken cancellationToken)
    {
        for (var i = 0; i < kills; i++)
        {
            await KillOnceAsync(system, random, minUptime, maxUptime, cancellationToken);
        }
    }
}
