using EduPlatform.Harness.Hosting;
using EduPlatform.Harness.Identities;
using EduPlatform.Harness.Infrastructure;
using EduPlatform.Platform;
using EduPlatform.Platform.Hosting;
using EduPlatform.Platform.Hosting.Security;
using EduPlatform.Platform.Modules.Users;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace EduPlatform.Gateway.Testing;

/// <summary>
/// Chapter 01's services behind the gateway, each module its own host on a real port with its own PostgreSQL database.
/// Either they trust chapter 01's own Users service (started first, when it is among the modules) or the test issuer.
/// </summary>
/// <remarks>
/// Interim: chapter 01's own system under test (<c>chapters/01-microservices/testing/EduPlatform.Platform.Testing</c>,
/// <c>PlatformSystem</c>) replaces this once it is on main; until then this is the one place chapter 02 wires chapter 01.
/// </remarks>
internal sealed class PlatformServices : IAsyncDisposable
{
    private static readonly ServiceApp Platform = ServiceApp.FromBuild<ModuleSelection>(PlatformHost.Build, "platform");

    private readonly List<PostgresDatabase> _databases = [];
    private readonly Dictionary<string, IReadOnlyList<ServiceInstance>> _instances = [];

    private PlatformServices()
    {
    }

    /// <summary>The instances of <paramref name="module"/>, in start order.</summary>
    public IReadOnlyList<ServiceInstance> this[string module] => _instances[module];

    public IEnumerable<string> Modules => _instances.Keys;

    /// <summary>Starts each module's instances on the module's own database; Users first, since without a test issuer the others validate its tokens.</summary>
    public static async Task<PlatformServices> StartAsync(IInfrastructure infrastructure, TestTokenIssuer? issuer, HostingMode hosting,
        IReadOnlyDictionary<string, int> modules, CancellationToken cancellationToken)
    {
        var services = new PlatformServices();
        try
        {
            string? usersJwks = null;
            foreach (var (module, count) in modules.OrderBy(entry => entry.Key == UsersModule.ModuleName ? 0 : 1))
            {
                var database = await infrastructure.Postgres.CreateDatabaseAsync(cancellationToken: cancellationToken);
                services._databases.Add(database);
                var settings = new Dictionary<string, string?>
                {
                    [ConfigurationPath.Combine(PlatformOptions.Section, nameof(PlatformOptions.Modules))] = module,
                    [ConfigurationPath.Combine("ConnectionStrings", module)] = database.ConnectionString,
                    [ConfigurationPath.Combine(PlatformOptions.Section, nameof(PlatformOptions.AccessLog))] = "false",
                };
                if (issuer is not null)
                {
                    settings[ConfigurationPath.Combine(PlatformAuthOptions.Section, nameof(PlatformAuthOptions.JwksUrl))] = issuer.JwksUri.ToString();
                    settings[ConfigurationPath.Combine(PlatformAuthOptions.Section, nameof(PlatformAuthOptions.Issuer))] = issuer.Issuer;
                    settings[ConfigurationPath.Combine(PlatformAuthOptions.Section, nameof(PlatformAuthOptions.Audience))] = issuer.Audience;
                }
                else if (module != UsersModule.ModuleName)
                {
                    settings[ConfigurationPath.Combine(PlatformAuthOptions.Section, nameof(PlatformAuthOptions.JwksUrl))] =
                        usersJwks ?? throw new InvalidOperationException("Start chapter 01's users module too, or trust the test issuer.");
                }

                services._instances[module] = await StartInstancesAsync(module, count, settings, hosting, cancellationToken);
                if (module == UsersModule.ModuleName)
                {
                    usersJwks = GatewaySystem.JwksOf(services._instances[module][0]).ToString();
                }
            }

            return services;
        }
        catch
        {
            await services.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var instance in _instances.Values.SelectMany(instances => instances))
        {
            await instance.DisposeAsync();
        }

        foreach (var database in _databases)
        {
            await database.DisposeAsync();
        }
    }

    private static Task<IReadOnlyList<ServiceInstance>> StartInstancesAsync(
        string module, int count, Dictionary<string, string?> settings, HostingMode hosting, CancellationToken cancellationToken) =>
        ServiceInstances.StartAsync(Platform, count, index => new ServiceHostOptions
        {
            Mode = hosting,
            Configuration = new Dictionary<string, string?>(settings)
            {
                [ConfigurationPath.Combine(PlatformOptions.Section, nameof(PlatformOptions.InstanceName))] = GatewaySystem.DestinationId(module, index),
            },
            MinimumLogLevel = LogLevel.Warning,
            StartTimeout = GatewaySystem.StartTimeout,
        }, cancellationToken);
}
