using System.Collections.Concurrent;
using EduPlatform.Harness.Infrastructure;
using EduPlatform.Platform.Testing;

namespace EduPlatform.Platform.Tests.Support;

/// <summary>
/// A class fixture: one platform per shape (default settings, in process), started on first use and shared by the
/// class's tests (each test creates its own data: new keys, new methods, its own user's state). A fixture that needs
/// other settings derives and says which.
/// </summary>
public class SharedPlatforms(InfrastructureFixture infrastructure) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<PlatformShape, Lazy<Task<PlatformSystem>>> _platforms = new();

    public Task<PlatformSystem> GetAsync(PlatformShape shape) =>
        _platforms.GetOrAdd(shape, _ => new Lazy<Task<PlatformSystem>>(async () =>
            // Not the first caller's test token: the platform outlives that test.
            await PlatformSystem.StartAsync(infrastructure, await SettingsAsync(shape), CancellationToken.None))).Value;

    public async ValueTask DisposeAsync()
    {
        foreach (var platform in _platforms.Values.Where(lazy => lazy.IsValueCreated))
        {
            await (await platform.Value).DisposeAsync();
        }

        await DisposeMoreAsync();
        GC.SuppressFinalize(this);
    }

    /// <summary>The settings the platform in <paramref name="shape"/> starts with.</summary>
    protected virtual Task<PlatformSettings> SettingsAsync(PlatformShape shape) => Task.FromResult(new PlatformSettings { Shape = shape });

    /// <summary>Whatever else a derived fixture started for its platforms, stopped after them.</summary>
    protected virtual ValueTask DisposeMoreAsync() => ValueTask.CompletedTask;
}
