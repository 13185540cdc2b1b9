using System.Collections.Concurrent;
using EduPlatform.Harness.Infrastructure;

namespace EduPlatform.Platform.Tests.Support;

/// <summary>
/// A class fixture: one deployment per shape, started on first use and shared by the class's tests
/// (each test creates its own data: new keys, new methods, its own user's state).
/// </summary>
public sealed class SharedDeployments(InfrastructureFixture infrastructure) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<PlatformShape, Lazy<Task<PlatformDeployment>>> _deployments = new();

    public Task<PlatformDeployment> GetAsync(PlatformShape shape) =>
        _deployments.GetOrAdd(shape, _ => new Lazy<Task<PlatformDeployment>>(() => PlatformDeployment.StartAsync(infrastructure, shape))).Value;

    public async ValueTask DisposeAsync()
    {
        foreach (var deployment in _deployments.Values.Where(lazy => lazy.IsValueCreated))
        {
            await (await deployment.Value).DisposeAsync();
        }
    }
}
