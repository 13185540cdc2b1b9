using EduPlatform.EventStore;
using Npgsql;

namespace EduPlatform.Cqrs.Projections;

/// <summary>
/// Creates chapter 04's store schema and the read side's (generation 1 on a fresh database) when the app starts.
/// Both roles run it: it is idempotent and takes advisory locks, so either process may start first.
/// </summary>
internal sealed class SchemaInitializer(NpgsqlDataSource dataSource, ReadModelGenerations generations) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await EventStoreSchema.CreateAsync(dataSource, cancellationToken);
        await generations.EnsureCreatedAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
