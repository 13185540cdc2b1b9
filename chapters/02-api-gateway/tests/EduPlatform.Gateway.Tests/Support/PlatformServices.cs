using EduPlatform.Harness.Hosting;
using EduPlatform.Harness.Identities;
using EduPlatform.Harness.Infrastructure;
using EduPlatform.Platform;
using Microsoft.Extensions.Logging;

namespace EduPlatform.Gateway.Tests.Support;

/// <summary>
/// Chapter 01's services, each module its own host on a real port with its own PostgreSQL
/// database, started in the test process: the gateway's real upstreams. Either they trust chapter
/// 01's own Users service (started first, when it is among the modules) or the harness's test
/// issuer (so a test can mint tokens for any user, and hostile ones).
/// </summary>
public sealed class PlatformServices : IAsyncDisposable
{
    private static readonly ServiceApp Platform = ServiceApp.FromBuild<ModuleSelection>(PlatformHost.Build, "platform");

    private readonly List<PostgresDatabase> _databases = [];
    private readonly Dictionary<string, List<ServiceInstance>> _instances = [];

    private PlatformServices()
    {
    }

    /// <summary>The instances of <paramref name="module"/>, in start order.</summary>
    public IReadOnlyList<ServiceInstance> this[string module] => _instances[module];

    /// <summary>Starts <paramref name="count"/> instances of each module, sharing the module's database.</summary>
    public static async Task<PlatformServices> StartAsync(
        InfrastructureFixture infrastructure, TestTokenIssuer? identity, params (string Module, int Count)[] modules)
    {
        ArgumentNullException.ThrowIfNull(infrastructure);
        var services = new PlatformServices();
        try
        {
            string? usersJwks = null;
            // Users first: without a test issuer, the others validate its tokens.
            foreach (var (module, count) in modules.OrderBy(entry => entry.Module == "users" ? 0 : 1))
            {
                var database = await infrastructure.Postgres.CreateDatabaseAsync(cancellationToken: TestContext.Current.CancellationToken);
                services._databases.Add(database);
                var settings = new Dictionary<string, string?>
                {
                    ["Platform:Modules"] = module,
                    [$"ConnectionStrings:{module}"] = database.ConnectionString,
                    ["Platform:AccessLog"] = "false",
                };
                if (identity is not null)
                {
                    settings["Platform:Auth:JwksUrl"] = identity.JwksUri.ToString();
                    settings["Platform:Auth:Issuer"] = identity.Issuer;
                    settings["Platform:Auth:Audience"] = identity.Audience;
                }
                else if (module != "users")
                {
                    settings["Platform:Auth:JwksUrl"] = usersJwks ?? throw new InvalidOperationException("Start users too, or give a test issuer.");
                }

                var instances = services._instances[module] = [];
                for (var number = 1; number <= count; number++)
                {
                    settings["Platform:InstanceName"] = $"{module}-{number}";
                    instances.Add(await ServiceHost.StartAsync(Platform, new ServiceHostOptions
                    {
                        Configuration = new Dictionary<string, string?>(settings),
                        MinimumLogLevel = LogLevel.Warning,
                    }, TestContext.Current.CancellationToken));
                }

                if (module == "users")
                {
                    usersJwks = new Uri(instances[0].BaseAddress, "/.well-known/jwks.json").ToString();
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

    public IEnumerable<Uri> AddressesOf(string module) => _instances[module].Select(instance => instance.BaseAddress);

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
}
