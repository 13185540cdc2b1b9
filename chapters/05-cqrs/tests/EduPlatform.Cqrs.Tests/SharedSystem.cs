using EduPlatform.Cqrs.Testing;
using EduPlatform.Harness.Infrastructure;
using EduPlatform.Harness.Waiting;

namespace EduPlatform.Cqrs.Tests;

/// <summary>One running system shared by a test class whose tests do not disturb each other (bad input, command rules).</summary>
public sealed class SharedSystem(InfrastructureFixture infrastructure) : IAsyncLifetime
{
    public CqrsSystem System { get; private set; } = null!;

    public async ValueTask InitializeAsync() => System = await CqrsSystem.StartAsync(infrastructure, cancellationToken: CurrentTest.Cancellation);

    public async ValueTask DisposeAsync() => await System.DisposeAsync();
}
