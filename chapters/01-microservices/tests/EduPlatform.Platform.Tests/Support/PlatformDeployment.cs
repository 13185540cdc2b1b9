using EduPlatform.Harness.Infrastructure;
using Microsoft.AspNetCore.Builder;

namespace EduPlatform.Platform.Tests.Support;

/// <summary>
/// The platform running on real Kestrel ports against real PostgreSQL, in one of its two shapes:
/// the monolith (one host, every module, four databases) or services (one host per module, each
/// knowing only its own database and the Users service's JWKS URL). Tests address a module through
/// <see cref="Client"/> and never care which shape serves it.
///
/// Hosts run in the test process here (Kestrel on port 0); the load scenario runs the same shapes
/// as separate processes, where the separation is real.
/// </summary>
public sealed class PlatformDeployment : IAsyncDisposable
{
    private readonly List<PostgresDatabase> _databases = [];
    private readonly Dictionary<string, List<PlatformInstance>> _instancesByModule = [];
    private readonly List<PlatformInstance> _instances = [];
    private readonly Dictionary<string, string> _connectionStrings = [];

    private readonly IReadOnlyDictionary<string, string> _settings;
    private readonly Action<WebApplicationBuilder>? _configure;
    private string? _jwksUrl;

    private PlatformDeployment(PlatformShape shape, IReadOnlyDictionary<string, string>? settings, Action<WebApplicationBuilder>? configure)
    {
        Shape = shape;
        _settings = settings ?? new Dictionary<string, string>();
        _configure = configure;
    }

    public PlatformShape Shape { get; }

    /// <summary>Every module's connection string (the databases outlive a stopped instance).</summary>
    public IReadOnlyDictionary<string, string> ConnectionStrings => _connectionStrings;

    /// <summary>
    /// Starts the platform. <paramref name="settings"/> go to every host as configuration;
    /// <paramref name="instancesPerModule"/> starts that many hosts of each service (services shape only)
    /// on the same database; <paramref name="configure"/> gets the last say over each host's builder.
    /// </summary>
    public static async Task<PlatformDeployment> StartAsync(
        InfrastructureFixture infrastructure,
        PlatformShape shape,
        IReadOnlyDictionary<string, string>? settings = null,
        int instancesPerModule = 1,
        Action<WebApplicationBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(infrastructure);
        var deployment = new PlatformDeployment(shape, settings, configure);
        try
        {
            foreach (var module in PlatformModules.All)
            {
                var database = await infrastructure.Postgres.CreateDatabaseAsync();
                deployment._databases.Add(database);
                deployment._connectionStrings[module] = database.ConnectionString;
            }

            if (shape == PlatformShape.Monolith)
            {
                var monolith = await deployment.StartHostAsync("all", PlatformModules.All, jwksUrl: null, deployment._settings, configure);
                foreach (var module in PlatformModules.All)
                {
                    deployment._instancesByModule[module] = [monolith];
                }
            }
            else
            {
                // Users first: the others need its JWKS address.
                var users = await deployment.StartHostAsync(PlatformModules.Users, [PlatformModules.Users], jwksUrl: null, deployment._settings, configure);
                deployment._instancesByModule[PlatformModules.Users] = [users];
                var jwksUrl = deployment._jwksUrl = new Uri(users.Address, "/.well-known/jwks.json").ToString();
                foreach (var module in PlatformModules.All.Where(module => module != PlatformModules.Users))
                {
                    var instances = new List<PlatformInstance>();
                    for (var i = 0; i < instancesPerModule; i++)
                    {
                        instances.Add(await deployment.StartHostAsync(module, [module], jwksUrl, deployment._settings, configure));
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
    public HttpClient Client(string module, int instance = 0) => _instancesByModule[module][instance].Client;

    public Uri BaseAddress(string module, int instance = 0) => _instancesByModule[module][instance].Address;

    /// <summary>
    /// Starts one more host serving <paramref name="module"/> on that module's database (another
    /// instance of a service), with <paramref name="settings"/> on top of the deployment's own.
    /// It is stopped with the deployment.
    /// </summary>
    public async Task<(HttpClient Client, WebApplication Host)> StartExtraInstanceAsync(string module, IReadOnlyDictionary<string, string>? settings = null)
    {
        var merged = new Dictionary<string, string>(_settings);
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            merged[key] = value;
        }

        var instance = await StartHostAsync(module, [module], module == PlatformModules.Users ? null : _jwksUrl, merged, _configure);
        return (instance.Client, instance.App);
    }

    /// <summary>The host itself, for tests of the host's lifecycle.</summary>
    public WebApplication Host(string module, int instance = 0) => _instancesByModule[module][instance].App;

    public async ValueTask DisposeAsync()
    {
        foreach (var instance in _instances)
        {
            await instance.DisposeAsync();
        }

        foreach (var database in _databases)
        {
            await database.DisposeAsync();
        }
    }

    private async Task<PlatformInstance> StartHostAsync(
        string modules, IEnumerable<string> connectionStringsFor, string? jwksUrl, IReadOnlyDictionary<string, string> settings, Action<WebApplicationBuilder>? configure)
    {
        var args = new List<string>
        {
            "--urls=http://127.0.0.1:0",
            $"--Platform:Modules={modules}",
            "--Platform:InstanceName=" + $"{modules}-{_instances.Count}",
            // Test output stays readable; tests that read the access log add their own logger.
            "--Logging:LogLevel:Default=Warning",
            "--Logging:LogLevel:Microsoft.Hosting.Lifetime=Warning",
        };
        // A service is given its own connection string and nothing else: it could not reach
        // another module's database even if its code tried.
        args.AddRange(connectionStringsFor.Select(module => $"--ConnectionStrings:{module}={_connectionStrings[module]}"));
        if (jwksUrl is not null)
        {
            args.Add($"--Platform:Auth:JwksUrl={jwksUrl}");
        }

        // Last, so a test's settings win over the defaults above (the last value of a key counts).
        args.AddRange(settings.Select(setting => $"--{setting.Key}={setting.Value}"));
        var app = PlatformHost.Build([.. args], configure);
        await app.StartAsync(TestContext.Current.CancellationToken);
        // Kestrel bound port 0; after start the address list holds the port it got.
        var address = new Uri(app.Urls.Single());
        var instance = new PlatformInstance(app, address);
        _instances.Add(instance);
        return instance;
    }

    private sealed class PlatformInstance(WebApplication app, Uri address) : IAsyncDisposable
    {
        public WebApplication App { get; } = app;

        public Uri Address { get; } = address;

        public HttpClient Client { get; } = new() { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };

        public async ValueTask DisposeAsync()
        {
            Client.Dispose();
            await App.StopAsync();
            await App.DisposeAsync();
        }
    }
}
