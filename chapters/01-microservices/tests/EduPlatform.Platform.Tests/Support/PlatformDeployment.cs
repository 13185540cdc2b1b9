using EduPlatform.Harness.Hosting;
using EduPlatform.Harness.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EduPlatform.Platform.Tests.Support;

/// <summary>
/// The platform running on real Kestrel ports against real PostgreSQL, in one of its two shapes:
/// the monolith (one host, every module, four databases) or services (one host per module, each
/// given only its own database and the Users service's JWKS URL). Tests address a module through
/// <see cref="Client"/> and never care which shape serves it.
///
/// Hosts come from the harness's <see cref="ServiceHost"/>: in the test process by default, or each
/// in its own <c>dotnet</c> process (<see cref="HostingMode.OutOfProcess"/>) where the separation
/// must be real.
/// </summary>
public sealed class PlatformDeployment : IAsyncDisposable
{
    private static readonly ServiceApp Platform = ServiceApp.FromBuild<ModuleSelection>(PlatformHost.Build, "platform");

    private readonly List<PostgresDatabase> _databases = [];
    private readonly Dictionary<string, List<ServiceInstance>> _instancesByModule = [];
    private readonly List<ServiceInstance> _instances = [];
    private readonly Dictionary<ServiceInstance, HttpClient> _clients = [];
    private readonly Dictionary<string, string> _connectionStrings = [];
    private readonly IReadOnlyDictionary<string, string> _settings;
    private readonly HostingMode _mode;
    private readonly Action<IServiceCollection>? _configureServices;
    private readonly Action<string>? _log;
    private string? _jwksUrl;

    private PlatformDeployment(
        PlatformShape shape, IReadOnlyDictionary<string, string>? settings, HostingMode mode, Action<IServiceCollection>? configureServices, Action<string>? log)
    {
        Shape = shape;
        _settings = settings ?? new Dictionary<string, string>();
        _mode = mode;
        _configureServices = configureServices;
        _log = log;
    }

    public PlatformShape Shape { get; }

    /// <summary>Every module's connection string (the databases outlive a stopped instance).</summary>
    public IReadOnlyDictionary<string, string> ConnectionStrings => _connectionStrings;

    /// <summary>
    /// Starts the platform. <paramref name="settings"/> go to every host as configuration;
    /// <paramref name="instancesPerModule"/> starts that many hosts of each service but Users
    /// (services shape only), all on the module's one database; <paramref name="configureServices"/>
    /// runs after the platform's registrations (in process only); <paramref name="log"/> receives the
    /// hosts' log lines (out of process: their console output, JSON).
    /// </summary>
    public static async Task<PlatformDeployment> StartAsync(
        InfrastructureFixture infrastructure,
        PlatformShape shape,
        IReadOnlyDictionary<string, string>? settings = null,
        int instancesPerModule = 1,
        HostingMode mode = HostingMode.InProcess,
        Action<IServiceCollection>? configureServices = null,
        Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(infrastructure);
        var deployment = new PlatformDeployment(shape, settings, mode, configureServices, log);
        try
        {
            foreach (var module in PlatformModules.All)
            {
                var database = await infrastructure.Postgres.CreateDatabaseAsync(cancellationToken: TestContext.Current.CancellationToken);
                deployment._databases.Add(database);
                deployment._connectionStrings[module] = database.ConnectionString;
            }

            if (shape == PlatformShape.Monolith)
            {
                var monolith = await deployment.StartHostAsync("all", PlatformModules.All, jwksUrl: null, deployment._settings);
                foreach (var module in PlatformModules.All)
                {
                    deployment._instancesByModule[module] = [monolith];
                }
            }
            else
            {
                // Users first: the others need its JWKS address.
                var users = await deployment.StartHostAsync(PlatformModules.Users, [PlatformModules.Users], jwksUrl: null, deployment._settings);
                deployment._instancesByModule[PlatformModules.Users] = [users];
                deployment._jwksUrl = new Uri(users.BaseAddress, "/.well-known/jwks.json").ToString();
                foreach (var module in PlatformModules.All.Where(module => module != PlatformModules.Users))
                {
                    var instances = new List<ServiceInstance>();
                    for (var i = 0; i < instancesPerModule; i++)
                    {
                        instances.Add(await deployment.StartHostAsync(module, [module], deployment._jwksUrl, deployment._settings));
                    }

                    deployment._instancesByModule[module] = instances;
                }
            }

            return deployment;
        }
        catch
        {
            await deployment.DisposeAsync();
            throw;
        }
    }

    /// <summary>A client for the host serving <paramref name="module"/> (its <paramref name="instance"/>-th instance).</summary>
    public HttpClient Client(string module, int instance = 0) => ClientOf(Instance(module, instance));

    /// <summary>The host serving <paramref name="module"/>: to stop, kill or restart it, or reach its services (in process).</summary>
    public ServiceInstance Instance(string module, int instance = 0) => _instancesByModule[module][instance];

    /// <summary>
    /// Starts one more host serving <paramref name="module"/> on that module's database (another
    /// instance of a service), with <paramref name="settings"/> on top of the deployment's own.
    /// It is stopped with the deployment.
    /// </summary>
    public async Task<(HttpClient Client, ServiceInstance Host)> StartExtraInstanceAsync(string module, IReadOnlyDictionary<string, string>? settings = null)
    {
        var merged = new Dictionary<string, string>(_settings);
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            merged[key] = value;
        }

        var instance = await StartHostAsync(module, [module], module == PlatformModules.Users ? null : _jwksUrl, merged);
        return (ClientOf(instance), instance);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients.Values)
        {
            client.Dispose();
        }

        foreach (var instance in _instances)
        {
            await instance.DisposeAsync();
        }

        foreach (var database in _databases)
        {
            await database.DisposeAsync();
        }
    }

    private HttpClient ClientOf(ServiceInstance instance)
    {
        if (!_clients.TryGetValue(instance, out var client))
        {
            _clients[instance] = client = instance.CreateClient(TimeSpan.FromSeconds(30));
        }

        return client;
    }

    private async Task<ServiceInstance> StartHostAsync(string modules, IEnumerable<string> databasesOf, string? jwksUrl, IReadOnlyDictionary<string, string> settings)
    {
        var configuration = new Dictionary<string, string?>
        {
            ["Platform:Modules"] = modules,
            ["Platform:InstanceName"] = $"{modules}-{_instances.Count}",
        };
        // A service is given its own connection string and nothing else: it could not reach
        // another module's database even if its code tried.
        foreach (var module in databasesOf)
        {
            configuration[$"ConnectionStrings:{module}"] = _connectionStrings[module];
        }

        if (jwksUrl is not null)
        {
            configuration["Platform:Auth:JwksUrl"] = jwksUrl;
        }

        foreach (var (key, value) in settings)
        {
            configuration[key] = value; // the test's settings win
        }

        var instance = await ServiceHost.StartAsync(Platform, new ServiceHostOptions
        {
            Mode = _mode,
            Configuration = configuration,
            ConfigureServices = _mode == HostingMode.InProcess ? _configureServices : null,
            // The test output stays readable; tests that read the access log add their own logger.
            MinimumLogLevel = LogLevel.Warning,
            Log = _log,
        }, TestContext.Current.CancellationToken);
        _instances.Add(instance);
        return instance;
    }
}
