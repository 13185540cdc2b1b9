using EduPlatform.Harness.Hosting;

namespace EduPlatform.Gateway.Testing;

/// <summary>Several instances of one app, each with its own settings: the first started alone (it may create shared state, a schema), the rest side by side.</summary>
internal static class ServiceInstances
{
    public static async Task<IReadOnlyList<ServiceInstance>> StartAsync(
        ServiceApp app, int count, Func<int, ServiceHostOptions> options, CancellationToken cancellationToken)
    {
        var first = await ServiceHost.StartAsync(app, options(0), cancellationToken);
        var others = Enumerable.Range(1, count - 1).Select(index => ServiceHost.StartAsync(app, options(index), cancellationToken)).ToList();
        try
        {
            return [first, .. await Task.WhenAll(others)];
        }
        catch
        {
            await first.DisposeAsync();
            foreach (var started in others.Where(task => task.IsCompletedSuccessfully))
            {
                await started.Result.DisposeAsync();
            }

            throw;
        }
    }
}
