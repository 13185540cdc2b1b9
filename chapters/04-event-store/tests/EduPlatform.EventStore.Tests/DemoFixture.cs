using EduPlatform.EventStore.Testing;
using EduPlatform.Harness.Infrastructure;

namespace EduPlatform.EventStore.Tests;

/// <summary>The chapter's system with the demo API on a real Kestrel port (<see cref="EventStoreSettings.Demo"/>), one per test class.</summary>
public sealed class DemoFixture(InfrastructureFixture infrastructure) : IAsyncLifetime
{
    public EventStoreSystem System { get; private set; } = null!;

    public HttpClient Client => System.DemoClient;

    public async ValueTask InitializeAsync() =>
        System = await EventStoreSystem.StartAsync(infrastructure, new() { Demo = true }, TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (System is not null)
        {
            await System.DisposeAsync();
        }
    }
}
