using EduPlatform.Harness.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace EduPlatform.EventStore.Tests;

/// <summary>The demo web app (in memory, via WebApplicationFactory) on its own event store database, one per test class.</summary>
public sealed class DemoApp(InfrastructureFixture infrastructure) : IAsyncLifetime
{
    private WebApplicationFactory<Program>? _factory;

    public EventStoreDatabase Database { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Database = await EventStoreDatabase.CreateAsync(infrastructure);
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(host =>
        {
            host.UseSetting("ConnectionStrings:EventStore", Database.ConnectionString);
            // Production, so nothing environment-specific (developer pages) answers for the app.
            host.UseSetting("environment", "Production");
        });
        Client = _factory.CreateClient();
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        await Database.DisposeAsync();
    }
}
