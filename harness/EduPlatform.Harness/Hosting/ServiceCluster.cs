using System.Collections;

namespace EduPlatform.Harness.Hosting;

/// <summary>N instances of one app, each on its own port. Disposing it disposes them all.</summary>
public sealed class ServiceCluster : IReadOnlyList<ServiceInstance>, IAsyncDisposable
{
    private readonly IReadOnlyList<ServiceInstance> _instances;

    internal ServiceCluster(IReadOnlyList<ServiceInstance> instances) => _instances = instances;

    public int Count => _instances.Count;

    public ServiceInstance this[int index] => _instances[index];

    /// <summary>Every instance's base address, in instance order (e.g. a load balancer's destinations).</summary>
    public IReadOnlyList<Uri> BaseAddresses => _instances.Select(instance => instance.BaseAddress).ToArray();

    public IEnumerator<ServiceInstance> GetEnumerator() => _instances.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public async ValueTask DisposeAsync() =>
        await Task.WhenAll(_instances.Select(instance => instance.DisposeAsync().AsTask()));
}
