using EduPlatform.Gateway.Configuration;
using EduPlatform.Harness.Hosting;
using EduPlatform.Harness.Identities;
using EduPlatform.Harness.Infrastructure;
using EduPlatform.Load;
using EduPlatform.Platform;
using EduPlatform.StandIns;

namespace EduPlatform.Gateway.Claims;

/// <summary>
/// Chapter 02's system under test for its claims, every part in its own process so none shares a
/// thread pool with the load generator: chapter 01's Courses service on real PostgreSQL, Videos
/// stand-ins with a fixed capacity, and the gateway in front. Tokens come from the harness's test
/// issuer (its JWKS is fetched once by each process), one per user for a thousand users, so the
/// gateway's default budget (100 requests per 15 minutes per client) is never what a claim measures.
/// </summary>
internal sealed class GatewayLab : IAsyncDisposable
{
    public const int Users = 1000;

    private static readonly ServiceApp GatewayApp = ServiceApp.FromBuild<GatewayOptions>(EduPlatform.Gateway.GatewayHost.Build, "gateway");
    private static readonly ServiceApp PlatformApp = ServiceApp.FromBuild<ModuleSelection>(PlatformHost.Build, "courses");
    private static readonly ServiceApp StandInApp = ServiceApp.FromBuild<StandInOptions>(StandIns.StandInApp.Build, "videos");

    private readonly List<IAsyncDisposable> _owned = [];
    private readonly string[] _tokens;
    private WorkbookInfrastructure? _infrastructure;
    private PostgresDatabase? _coursesDatabase;

    private GatewayLab(TestTokenIssuer identity)
    {
        Identity = identity;
        _tokens = Enumerable.Range(0, Users)
            .Select(_ => identity.CreateToken(new TestTokenRequest { Subject = Guid.NewGuid().ToString(), Roles = ["learner"], Lifetime = TimeSpan.FromHours(2) }))
            .ToArray();
    }

    public TestTokenIssuer Identity { get; }

    public static async Task<GatewayLab> StartAsync(CancellationToken cancellationToken) =>
        new(await TestTokenIssuer.StartAsync(cancellationToken: cancellationToken));

    /// <summary>The bearer token of user <c>number % 1000</c>.</summary>
    public string TokenOf(long number) => _tokens[number % Users];

    /// <summary>Chapter 01's Courses service, <paramref name="count"/> instances on one database, trusting the test issuer.</summary>
    public async Task<IReadOnlyList<ServiceInstance>> StartCoursesAsync(int count, CancellationToken cancellationToken)
    {
        _infrastructure ??= Own(new WorkbookInfrastructure());
        _coursesDatabase ??= Own(await _infrastructure.Postgres.CreateDatabaseAsync(cancellationToken: cancellationToken));
        var instances = new List<ServiceInstance>();
        for (var number = 1; number <= count; number++)
        {
            instances.Add(Own(await ServiceHost.StartAsync(PlatformApp, OutOfProcess(new Dictionary<string, string?>
            {
                ["Platform:Modules"] = "courses",
                ["Platform:InstanceName"] = $"courses-{number}",
                ["ConnectionStrings:courses"] = _coursesDatabase.ConnectionString,
                ["Platform:Auth:JwksUrl"] = Identity.JwksUri.ToString(),
                ["Platform:Auth:Issuer"] = Identity.Issuer,
                ["Platform:Auth:Audience"] = Identity.Audience,
                ["Platform:AccessLog"] = "false",
            }), cancellationToken)));
        }

        return instances;
    }

    /// <summary>Videos stand-ins: each works on <paramref name="slots"/> chunks at once, each chunk holding its slot for <paramref name="costMilliseconds"/>.</summary>
    public async Task<IReadOnlyList<ServiceInstance>> StartVideoStandInsAsync(int count, int slots, int costMilliseconds, CancellationToken cancellationToken)
    {
        var instances = new List<ServiceInstance>();
        for (var number = 1; number <= count; number++)
        {
            instances.Add(Own(await ServiceHost.StartAsync(StandInApp, OutOfProcess(new Dictionary<string, string?>
            {
                ["StandIn:InstanceName"] = $"videos-{number}",
                ["StandIn:Slots"] = slots.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["StandIn:CostMilliseconds"] = costMilliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            }), cancellationToken)));
        }

        return instances;
    }

    /// <summary>
    /// The gateway trusting the test issuer, with <paramref name="clusters"/> as its destinations and
    /// <paramref name="settings"/> on top of its appsettings.json (as deployed otherwise: access log,
    /// health checks, retries, limits).
    /// </summary>
    public async Task<ServiceInstance> StartGatewayAsync(
        IReadOnlyDictionary<string, IReadOnlyList<ServiceInstance>> clusters, IReadOnlyDictionary<string, string?>? settings, CancellationToken cancellationToken)
    {
        var configuration = new Dictionary<string, string?>
        {
            ["Gateway:Auth:JwksUrl"] = Identity.JwksUri.ToString(),
            ["Gateway:Auth:Issuer"] = Identity.Issuer,
            ["Gateway:Auth:Audience"] = Identity.Audience,
        };
        foreach (var (cluster, instances) in clusters)
        {
            for (var i = 0; i < instances.Count; i++)
            {
                configuration[$"ReverseProxy:Clusters:{cluster}:Destinations:{cluster}-{i + 1}:Address"] = instances[i].BaseAddress.ToString();
            }
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            configuration[key] = value;
        }

        return Own(await ServiceHost.StartAsync(GatewayApp, OutOfProcess(configuration), cancellationToken));
    }

    /// <summary>GET <paramref name="path"/> on <paramref name="host"/> as user <paramref name="user"/>.</summary>
    public HttpRequestMessage Get(ServiceInstance host, string path, long user)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(host.BaseAddress, path));
        request.Headers.Authorization = new("Bearer", TokenOf(user));
        return request;
    }

    /// <summary>
    /// Users reading their enrolment lists (a signed-in, database-backed read) at <paramref name="rate"/>
    /// per second, open model, iteration n as user n, sent to whichever host <paramref name="target"/> picks.
    /// </summary>
    public ScenarioProps EnrollmentLists(string name, HttpClient http, Func<ScenarioContext, ServiceInstance> target, int rate, TimeSpan warmUp, TimeSpan during) =>
        Scenario.Create(name, async ctx =>
            {
                using var request = Get(target(ctx), "/api/courses/enrollments", ctx.InvocationNumber);
                return await Http.Send(http, request, ctx);
            })
            .WithWarmUpDuration(warmUp)
            .WithLoadSimulations(Simulation.Inject(rate, TimeSpan.FromSeconds(1), during));

    public async ValueTask DisposeAsync()
    {
        // Services before their database, everything before the issuer.
        for (var i = _owned.Count - 1; i >= 0; i--)
        {
            await _owned[i].DisposeAsync();
        }

        await Identity.DisposeAsync();
    }

    private static ServiceHostOptions OutOfProcess(IReadOnlyDictionary<string, string?> configuration) => new()
    {
        Mode = HostingMode.OutOfProcess,
        Configuration = configuration,
        StartTimeout = TimeSpan.FromSeconds(60),
    };

    private T Own<T>(T resource) where T : IAsyncDisposable
    {
        _owned.Add(resource);
        return resource;
    }
}
