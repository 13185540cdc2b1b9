using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using EduPlatform.Harness.Hosting;
using EduPlatform.Harness.Identities;
using EduPlatform.Harness.Infrastructure;
using EduPlatform.Platform.Hosting;
using EduPlatform.Platform.Hosting.Security;
using EduPlatform.Platform.Modules.Users;
using EduPlatform.Platform.Modules.Videos;

namespace EduPlatform.Platform.Testing;

/// <summary>
/// Chapter 01's platform running on real Kestrel ports against real PostgreSQL, in one of its two shapes: the monolith
/// (one host, its modules on their own databases) or services (one host per module, each given only its own database
/// and the JWKS address it validates tokens with). The one place the platform is wired: the chapter's tests, its
/// claim, and the chapters that use its services as upstreams all start it here. A caller addresses a module
/// (<see cref="Client"/>, <see cref="BaseAddress"/>) and never cares which shape serves it.
/// </summary>
/// <example>
/// <code>
/// await using var platform = await PlatformSystem.StartAsync(infrastructure,
///     new PlatformSettings { Modules = [PlatformModules.Users, PlatformModules.Courses] }, cancellationToken);
/// var token = await platform.IssueTokenAsync(DemoAccounts.Alice, cancellationToken);
/// using var courses = platform.CreateClient(PlatformModules.Courses, token);
/// </code>
/// </example>
public sealed class PlatformSystem : IAsyncDisposable
{
    private static readonly ServiceApp Platform = ServiceApp.FromBuild<ModuleSelection>(PlatformHost.Build, "platform");
    private static readonly TimeSpan ClientTimeout = TimeSpan.FromSeconds(30);

    private readonly List<PostgresDatabase> _databases = [];
    private readonly Dictionary<string, string> _connectionStrings = [];
    private readonly Dictionary<string, List<ServiceInstance>> _instancesByModule = [];
    private readonly List<ServiceInstance> _instances = [];
    private readonly Dictionary<ServiceInstance, HttpClient> _clients = [];
    private readonly Dictionary<string, int> _hostsStarted = [];
    private readonly Lock _gate = new();
    private string? _jwksUrl;

    private PlatformSystem(PlatformSettings settings) => Settings = settings;

    public PlatformSettings Settings { get; }

    public PlatformShape Shape => Settings.Shape;

    /// <summary>The started modules' connection strings (the databases outlive a stopped instance).</summary>
    public IReadOnlyDictionary<string, string> ConnectionStrings => _connectionStrings;

    /// <summary>Starts the platform as <paramref name="settings"/> say and returns once every host is ready.</summary>
    public static async Task<PlatformSystem> StartAsync(IInfrastructure infrastructure, PlatformSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(infrastructure);
        ArgumentNullException.ThrowIfNull(settings);
        var modules = Validated(settings);
        var system = new PlatformSystem(settings);
        try
        {
            foreach (var module in modules)
            {
                var database = await infrastructure.Postgres.CreateDatabaseAsync(cancellationToken: cancellationToken);
                system._databases.Add(database);
                system._connectionStrings[module] = database.ConnectionString;
            }

            system._jwksUrl = settings.TrustedIssuer?.JwksUri.ToString();
            if (settings.Shape == PlatformShape.Monolith)
            {
                var monolith = await system.StartHostAsync(modules, overrides: null, cancellationToken);
                foreach (var module in modules)
                {
                    system._instancesByModule[module] = [monolith];
                }
            }
            else
            {
                await system.StartServicesAsync(modules, cancellationToken);
            }

            return system;
        }
        catch
        {
            await system.DisposeAsync();
            throw;
        }
    }

    /// <summary>The host serving <paramref name="module"/> (its <paramref name="instance"/>-th): to stop, kill or restart it, or reach its services (in process).</summary>
    public ServiceInstance Instance(string module, int instance = 0) => Instances(module)[instance];

    /// <summary>Every host serving <paramref name="module"/>, in start order (extra instances included).</summary>
    public IReadOnlyList<ServiceInstance> Instances(string module)
    {
        lock (_gate)
        {
            return _instancesByModule.TryGetValue(module, out var instances)
                ? instances.ToArray()
                : throw new ArgumentException($"The {module} module was not started (started: {string.Join(", ", _instancesByModule.Keys)}).", nameof(module));
        }
    }

    /// <summary>Where <paramref name="module"/> is served: <c>http://127.0.0.1:{port}/</c>.</summary>
    public Uri BaseAddress(string module, int instance = 0) => Instance(module, instance).BaseAddress;

    /// <summary>A client for the host serving <paramref name="module"/>, shared and disposed with the platform. Sends no credentials by itself.</summary>
    public HttpClient Client(string module, int instance = 0)
    {
        var host = Instance(module, instance);
        lock (_gate)
        {
            if (!_clients.TryGetValue(host, out var client))
            {
                _clients[host] = client = host.CreateClient(ClientTimeout);
            }

            return client;
        }
    }

    /// <summary>A client of its own (the caller disposes it) that sends <paramref name="token"/> as its bearer credential on every request.</summary>
    public HttpClient CreateClient(string module, string? token, int instance = 0)
    {
        var client = Instance(module, instance).CreateClient(ClientTimeout);
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    /// <summary>
    /// An access token for <paramref name="account"/>: from the trusted test issuer when the platform trusts one,
    /// else by logging in at the Users service (as a client would: <c>POST /auth/login</c>).
    /// </summary>
    public async Task<string> IssueTokenAsync(DemoAccount account, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        if (Settings.TrustedIssuer is { } issuer)
        {
            return issuer.CreateToken(new TestTokenRequest { Subject = account.Id.ToString(), Roles = [account.Role] });
        }

        using var response = await Client(PlatformModules.Users).PostAsJsonAsync(
            UsersModule.LoginPath, new { email = account.Email, password = account.Password }, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException(
                $"{account.Email} could not log in: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }

        var login = await response.Content.ReadFromJsonAsync<LoginResponse>(cancellationToken);
        return login?.AccessToken ?? throw new InvalidOperationException("The login response carried no access token.");
    }

    /// <summary>
    /// Starts one more host serving <paramref name="module"/> on that module's database (another instance of a
    /// service), differing from the others only as <paramref name="overrides"/> say. It is stopped with the platform.
    /// </summary>
    public async Task<ServiceInstance> StartExtraInstanceAsync(string module, InstanceOverrides? overrides, CancellationToken cancellationToken)
    {
        if (!_connectionStrings.ContainsKey(module))
        {
            throw new ArgumentException($"The {module} module was not started, so it has no database to share.", nameof(module));
        }

        var instance = await StartHostAsync([module], overrides, cancellationToken);
        lock (_gate)
        {
            _instancesByModule[module].Add(instance);
        }

        return instance;
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

    private static List<string> Validated(PlatformSettings settings)
    {
        var unknown = settings.Modules.Except(PlatformModules.All).ToList();
        if (settings.Modules.Count == 0 || unknown.Count > 0)
        {
            throw new ArgumentException($"Modules must be some of {string.Join(", ", PlatformModules.All)}; got {string.Join(", ", settings.Modules)}.", nameof(settings));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(settings.InstancesPerModule, 1, nameof(settings));
        if (!settings.Modules.Contains(PlatformModules.Users) && settings.TrustedIssuer is null)
        {
            throw new ArgumentException("Without the Users module nothing issues tokens: start it too, or set TrustedIssuer.", nameof(settings));
        }

        // The platform's own order, whatever the caller's: Users first, the others need its JWKS address.
        return PlatformModules.All.Where(settings.Modules.Contains).ToList();
    }

    private async Task StartServicesAsync(List<string> modules, CancellationToken cancellationToken)
    {
        if (modules.Contains(PlatformModules.Users))
        {
            var users = await StartHostAsync([PlatformModules.Users], overrides: null, cancellationToken);
            _instancesByModule[PlatformModules.Users] = [users];
            _jwksUrl ??= new Uri(users.BaseAddress, UsersModule.JwksPath).ToString();
        }

        // The other services need nothing from each other: they start side by side, each module's instances in turn.
        var others = modules.Where(module => module != PlatformModules.Users).Select(async module =>
        {
            var instances = new List<ServiceInstance>();
            for (var i = 0; i < Settings.InstancesPerModule; i++)
            {
                instances.Add(await StartHostAsync([module], overrides: null, cancellationToken));
            }

            return (module, instances);
        });
        foreach (var (module, instances) in await Task.WhenAll(others))
        {
            _instancesByModule[module] = instances;
        }
    }

    private async Task<ServiceInstance> StartHostAsync(List<string> modules, InstanceOverrides? overrides, CancellationToken cancellationToken)
    {
        var selection = modules.Count == PlatformModules.All.Count ? "all" : string.Join(',', modules);
        string instanceName;
        lock (_gate)
        {
            // users-1, courses-1, courses-2, ...: what X-Served-By says, so a test can tell the instances apart.
            _hostsStarted[selection] = _hostsStarted.GetValueOrDefault(selection) + 1;
            instanceName = $"{selection}-{_hostsStarted[selection]}";
        }

        var instance = await ServiceHost.StartAsync(Platform, new ServiceHostOptions
        {
            Mode = Settings.Hosting,
            EnvironmentName = Settings.EnvironmentName,
            Configuration = HostConfiguration(selection, instanceName, modules, overrides),
            ConfigureServices = Settings.Hosting == HostingMode.InProcess ? Settings.ConfigureServices : null,
            MinimumLogLevel = Settings.MinimumLogLevel,
            Log = Settings.Log,
        }, cancellationToken);
        lock (_gate)
        {
            _instances.Add(instance);
        }

        return instance;
    }

    /// <summary>The host's configuration, every key spelled by the platform's own options classes.</summary>
    private Dictionary<string, string?> HostConfiguration(string selection, string instanceName, List<string> modules, InstanceOverrides? overrides)
    {
        var configuration = new Dictionary<string, string?>
        {
            [PlatformOptions.Keys.Modules] = selection,
            [PlatformOptions.Keys.InstanceName] = instanceName,
            [PlatformOptions.Keys.AccessLog] = Settings.AccessLog ? "true" : "false",
        };
        // A service is given its own connection string and nothing else: it could not reach another module's
        // database even if its code tried.
        foreach (var module in modules)
        {
            configuration[ModuleDatabase.ConnectionStringKey(module)] = overrides?.ConnectionString ?? _connectionStrings[module];
        }

        // The host that serves Users reads its keys in process (unless a trusted issuer replaces them); every other
        // host fetches them from the JWKS address.
        var jwksUrl = overrides?.JwksUrl ?? (modules.Contains(PlatformModules.Users) && Settings.TrustedIssuer is null ? null : _jwksUrl);
        if (jwksUrl is not null)
        {
            configuration[PlatformAuthOptions.Keys.JwksUrl] = jwksUrl;
        }

        if (Settings.TrustedIssuer is { } issuer)
        {
            configuration[PlatformAuthOptions.Keys.Issuer] = issuer.Issuer;
            configuration[PlatformAuthOptions.Keys.Audience] = issuer.Audience;
        }

        if (Settings.TranscoderBlockingMilliseconds is { } blocking)
        {
            configuration[TranscoderOptions.Keys.BlockingMilliseconds] = blocking.ToString(CultureInfo.InvariantCulture);
        }

        if (Settings.SigningKeyPem is { } pem)
        {
            configuration[UsersOptions.Keys.SigningKeyPem] = pem;
        }

        return configuration;
    }
}
