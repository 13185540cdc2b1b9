using EduPlatform.EventStore.Testing;
using EduPlatform.Harness.Infrastructure;

namespace EduPlatform.EventStore.Claims;

/// <summary>
/// A claim's system (<see cref="EventStoreSystem"/> knowing the claims' event type) on infrastructure of its own,
/// started for the claim and stopped, servers and all, after it.
/// </summary>
internal sealed class ClaimSystem : IAsyncDisposable
{
    private readonly WorkbookInfrastructure _infrastructure;

    private ClaimSystem(WorkbookInfrastructure infrastructure, EventStoreSystem system)
    {
        _infrastructure = infrastructure;
        System = system;
    }

    public EventStoreSystem System { get; }

    public static async Task<ClaimSystem> StartAsync(CancellationToken cancellationToken)
    {
        var infrastructure = new WorkbookInfrastructure();
        try
        {
            return new ClaimSystem(infrastructure, await EventStoreSystem.StartAsync(infrastructure, ClaimStores.Settings, cancellationToken));
        }
        catch
        {
            await infrastructure.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await System.DisposeAsync();
        await _infrastructure.DisposeAsync();
    }
}
