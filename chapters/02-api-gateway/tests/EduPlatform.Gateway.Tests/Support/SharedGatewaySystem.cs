using EduPlatform.Gateway.Testing;
using EduPlatform.Harness.Infrastructure;
using EduPlatform.Harness.Waiting;

namespace EduPlatform.Gateway.Tests.Support;

/// <summary>
/// One <see cref="GatewaySystem"/> for a whole test class (a class fixture: its tests run one after another), started
/// from the class's settings, its stubs prepared once. Tests that share it forget the stubs' calls before they start.
/// </summary>
public abstract class SharedGatewaySystem(InfrastructureFixture infrastructure) : IAsyncLifetime
{
    public GatewaySystem System { get; private set; } = null!;

    protected abstract GatewaySettings Settings { get; }

    public async ValueTask InitializeAsync()
    {
        System = await GatewaySystem.StartAsync(infrastructure, Settings, CurrentTest.Cancellation);
        Prepare(System);
    }

    public ValueTask DisposeAsync() => System.DisposeAsync();

    /// <summary>Maps what the stubs answer; called once, after the system started.</summary>
    protected virtual void Prepare(GatewaySystem system)
    {
    }
}
