using System.Collections.Concurrent;
using EduPlatform.Harness.Infrastructure;
using EduPlatform.Harness.Waiting;
using EduPlatform.Platform.Testing;

namespace EduPlatform.Platform.Tests.Support;

/// <summary>
/// A class fixture: one platform per shape (default settings, in process), started on first use and shared by the
/// class's tests (each test creates its own data: new keys, new methods, its own user's state).
/// </summary>
public sealed class SharedPlatforms(InfrastructureFixture infrastructure) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<PlatformShape, Lazy<Task<PlatformSystem>>> _platforms = new();

    public Task<PlatformSystem> GetAsync(PlatformShape shape) =>
        _platforms.GetOrAdd(shape, _ => new Lazy<Task<PlatformSystem>>(() =>
            // Not the first caller's test token: the platform outlives that test.
            PlatformSystem.StartAsync(infrastructure, new PlatformSettings { Shape = shape }, CancellationToken.None))).Value;

    public async ValueTask DisposeAsync()
    {
        foreach (var platform in _platforms.Values.Where(lazy => lazy.IsValueCreated))
        {
            await (await platform.Value).DisposeAsync();
        }
    }
}
