namespace EduPlatform.Harness.Hosting;

/// <summary>Starts hosted apps on real loopback ports.</summary>
/// <example>
/// <code>
/// await using var catalog = await ServiceHost.StartManyAsync(ServiceApp.FromEntryPoint&lt;Program&gt;(), count: 2,
///     new ServiceHostOptions { Configuration = { ["ConnectionStrings:Catalog"] = db.ConnectionString } });
/// await catalog[0].KillAsync();
/// </code>
/// </example>
public static class ServiceHost
{
    /// <summary>Starts one instance and waits until it is ready.</summary>
    public static async Task<ServiceInstance> StartAsync(ServiceApp app, ServiceHostOptions? options = null,
        CancellationToken cancellationToken = default) =>
        await StartInstanceAsync(app, options ?? new ServiceHostOptions(), number: 1, cancellationToken);

    /// <summary>Starts <paramref name="count"/> instances of one app, each on its own port, and waits until all are ready.</summary>
    public static async Task<ServiceCluster> StartManyAsync(ServiceApp app, int count, ServiceHostOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        options ??= new ServiceHostOptions();
        var instances = new List<ServiceInstance>(count);
        try
        {
            // One after the other: in-process entry-point hosting intercepts the app's host build
            // through a process-wide diagnostic listener, which concurrent starts would confuse.
            for (var number = 1; number <= count; number++)
            {
                instances.Add(await StartInstanceAsync(app, options, number, cancellationToken));
            }
        }
        catch
        {
            await new ServiceCluster(instances).DisposeAsync();
            throw;
        }

        return new ServiceCluster(instances);
    }

    private static async Task<ServiceInstance> StartInstanceAsync(ServiceApp app, ServiceHostOptions options, int number,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(app);
        options.ThrowIfUnsupported();
        var name = $"{app.Name}#{number}";
        ServiceInstance instance = options.Mode switch
        {
            HostingMode.InProcess => new InProcessServiceInstance(name,
                app.InProcess ?? throw new NotSupportedException($"{app.Name} has no in-process composition."), options),
            HostingMode.OutOfProcess => new OutOfProcessServiceInstance(name,
                app.EntryAssembly ?? throw new NotSupportedException(
                    $"{app.Name} was described without an entry assembly, so it cannot run as its own process. " +
                    "Use ServiceApp.FromEntryPoint<T>() or FromBuild<T>()."), options),
            _ => throw new ArgumentOutOfRangeException(nameof(options), options.Mode, "Unknown hosting mode."),
        };

        try
        {
            await instance.StartAsync(cancellationToken);
        }
        catch
        {
            await instance.DisposeAsync();
            throw;
        }

        return instance;
    }
}
