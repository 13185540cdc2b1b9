using EduPlatform.Gateway.Configuration;
using EduPlatform.Harness.Hosting;
using EduPlatform.Harness.Identities;
using EduPlatform.Harness.Infrastructure;
using EduPlatform.Platform.Modules.Users;
using EduPlatform.StandIns;
using Microsoft.Extensions.Configuration;

namespace EduPlatform.Gateway.Testing;

/// <summary>
/// Chapter 02's system under test, the one place it is wired: the gateway on a real Kestrel port, the identity it
/// trusts, and what stands behind each cluster (stubs, chapter 01's services on PostgreSQL, capacity-bound stand-ins),
/// as <see cref="GatewaySettings"/> say. The chapter's tests run it small and in process, its claims and benchmark
/// large and out of process.
/// </summary>
/// <example>
/// <code>
/// await using var system = await GatewaySystem.StartAsync(infrastructure, new GatewaySettings
/// {
///     Clusters = new Dictionary&lt;string, Upstream&gt; { [ReverseProxyKeys.ClusterIds.Courses] = Upstream.Stubs(2) },
/// }, cancellationToken);
/// system.Stubs(ReverseProxyKeys.ClusterIds.Courses)[0].Map("/api/courses/1", StubBehavior.ConnectionReset());
/// using var response = await system.Client.GetAsync("/api/courses/1", cancellationToken);
/// </code>
/// </example>
public sealed class GatewaySystem : IAsyncDisposable
{
    /// <summary>How long one host may take to start: generous, because a loaded 2-core machine starts a <c>dotnet</c> process slowly.</summary>
    internal static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private static readonly ServiceApp GatewayApp = ServiceApp.FromBuild<GatewayOptions>(GatewayHost.Build, "gateway");
    private static readonly ServiceApp StandInApp = ServiceApp.FromBuild<StandInOptions>(StandIns.StandInApp.Build, "stand-in");

    private readonly Dictionary<string, IReadOnlyList<UpstreamStub>> _stubs = [];
    private readonly Dictionary<string, IReadOnlyList<ServiceInstance>> _standIns = [];
    private readonly Lock _learnersGate = new();
    private PlatformServices? _platform;
    private TestTokenIssuer? _issuer;
    private ServiceInstance? _gateway;
    private HttpClient? _client;
    private LearnerTokens? _learners;

    private GatewaySystem(GatewaySettings settings) => Settings = settings;

    public GatewaySettings Settings { get; }

    /// <summary>The gateway's host: its address, and stop, kill or restart.</summary>
    public ServiceInstance Gateway => _gateway ?? throw new InvalidOperationException("The gateway has not started.");

    public Uri BaseAddress => Gateway.BaseAddress;

    /// <summary>A client for the gateway (30 s timeout), shared and disposed with the system. Sends no credentials by itself.</summary>
    public HttpClient Client => _client ?? throw new InvalidOperationException("The gateway has not started.");

    /// <summary>The test issuer the gateway trusts (<see cref="TrustedIdentity.TestIssuer"/>).</summary>
    public TestTokenIssuer Issuer => _issuer ?? throw new InvalidOperationException(
        "This system trusts chapter 01's Users service: log in through the gateway for a token.");

    /// <summary>A thousand learners' tokens from the test issuer, minted on first use.</summary>
    public LearnerTokens Learners
    {
        get
        {
            lock (_learnersGate)
            {
                return _learners ??= new LearnerTokens(Issuer);
            }
        }
    }

    /// <summary>Starts what <paramref name="settings"/> describe and returns once the gateway and every destination are ready.</summary>
    public static async Task<GatewaySystem> StartAsync(IInfrastructure infrastructure, GatewaySettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(infrastructure);
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Identity == TrustedIdentity.PlatformUsers && settings.Clusters.GetValueOrDefault(UsersModule.ModuleName) is not PlatformUpstream)
        {
            throw new ArgumentException("Trusting chapter 01's Users service needs its users cluster played by Upstream.Platform().", nameof(settings));
        }

        var system = new GatewaySystem(settings);
        try
        {
            if (settings.Identity == TrustedIdentity.TestIssuer)
            {
                system._issuer = await TestTokenIssuer.StartAsync(new TestTokenIssuerOptions { Clock = settings.Clock ?? TimeProvider.System }, cancellationToken);
            }

            await system.StartUpstreamsAsync(infrastructure, cancellationToken);
            system._gateway = await ServiceHost.StartAsync(GatewayApp, new ServiceHostOptions
            {
                Mode = settings.Hosting,
                Configuration = GatewayConfiguration.For(settings, system.Trust(), system.Destinations()),
                TimeProvider = settings.Clock,
                EnvironmentName = settings.EnvironmentName,
                Log = settings.Log,
                MinimumLogLevel = settings.MinimumLogLevel,
                StartTimeout = StartTimeout,
            }, cancellationToken);
            system._client = system._gateway.CreateClient(TimeSpan.FromSeconds(30));
            return system;
        }
        catch
        {
            await system.DisposeAsync();
            throw;
        }
    }

    /// <summary>The stubs playing <paramref name="cluster"/>, in destination order.</summary>
    public IReadOnlyList<UpstreamStub> Stubs(string cluster) =>
        _stubs.TryGetValue(cluster, out var stubs) ? stubs : throw NotPlayedBy(cluster, "stubs");

    /// <summary>The hosts playing <paramref name="cluster"/> (chapter 01's module or the stand-ins), in destination order: to kill or restart one.</summary>
    public IReadOnlyList<ServiceInstance> Instances(string cluster) =>
        _standIns.TryGetValue(cluster, out var standIns) ? standIns
        : _platform is not null && _platform.Modules.Contains(cluster) ? _platform[cluster]
        : throw NotPlayedBy(cluster, "hosts");

    /// <summary>The id of a cluster's destination number <paramref name="index"/> (from 0): <c>courses-1</c>, <c>courses-2</c>, ...</summary>
    public static string DestinationId(string cluster, int index) => $"{cluster}-{index + 1}";

    public async ValueTask DisposeAsync()
    {
        // The gateway before what stands behind it, the issuer last: nothing is left calling what has gone.
        _client?.Dispose();
        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
        }

        foreach (var instance in _standIns.Values.SelectMany(instances => instances))
        {
            await instance.DisposeAsync();
        }

        if (_platform is not null)
        {
            await _platform.DisposeAsync();
        }

        foreach (var stub in _stubs.Values.SelectMany(stubs => stubs))
        {
            stub.Dispose();
        }

        if (_issuer is not null)
        {
            await _issuer.DisposeAsync();
        }
    }

    internal static Uri JwksOf(ServiceInstance users) => new(users.BaseAddress, "/.well-known/jwks.json");

    private async Task StartUpstreamsAsync(IInfrastructure infrastructure, CancellationToken cancellationToken)
    {
        foreach (var (cluster, upstream) in Settings.Clusters)
        {
            switch (upstream)
            {
                case StubUpstream:
                    _stubs[cluster] = Enumerable.Range(0, upstream.Instances).Select(_ => UpstreamStub.Start()).ToList();
                    break;
                case StandInUpstream standIn:
                    _standIns[cluster] = await StartStandInsAsync(cluster, standIn, cancellationToken);
                    break;
            }
        }

        var modules = Settings.Clusters.Where(pair => pair.Value is PlatformUpstream).ToDictionary(pair => pair.Key, pair => pair.Value.Instances);
        if (modules.Count > 0)
        {
            _platform = await PlatformServices.StartAsync(infrastructure, _issuer, Settings.Hosting, modules, cancellationToken);
        }
    }

    private Task<IReadOnlyList<ServiceInstance>> StartStandInsAsync(string cluster, StandInUpstream standIn, CancellationToken cancellationToken) =>
        ServiceInstances.StartAsync(StandInApp, standIn.Instances, index => new ServiceHostOptions
        {
            Mode = Settings.Hosting,
            Configuration = new Dictionary<string, string?>
            {
                [ConfigurationPath.Combine(StandInOptions.Section, nameof(StandInOptions.InstanceName))] = DestinationId(cluster, index),
                [ConfigurationPath.Combine(StandInOptions.Section, nameof(StandInOptions.Slots))] = Invariant(standIn.Slots),
                [ConfigurationPath.Combine(StandInOptions.Section, nameof(StandInOptions.CostMilliseconds))] = Invariant(standIn.CostMilliseconds),
                [ConfigurationPath.Combine(StandInOptions.Section, nameof(StandInOptions.BodyBytes))] = Invariant(standIn.BodyBytes),
            },
            StartTimeout = StartTimeout,
        }, cancellationToken);

    private TokenTrust Trust() => _issuer is not null
        ? new TokenTrust(_issuer.JwksUri, _issuer.Issuer, _issuer.Audience)
        : new TokenTrust(JwksOf(_platform![UsersModule.ModuleName][0]), Issuer: null, Audience: null);

    private Dictionary<string, IReadOnlyList<Uri>> Destinations()
    {
        var destinations = new Dictionary<string, IReadOnlyList<Uri>>();
        foreach (var cluster in Settings.Clusters.Keys)
        {
            destinations[cluster] = Settings.Clusters[cluster] is ExistingUpstream existing ? existing.Addresses
                : _stubs.TryGetValue(cluster, out var stubs) ? stubs.Select(stub => stub.BaseAddress).ToList()
                : Instances(cluster).Select(instance => instance.BaseAddress).ToList();
        }

        return destinations;
    }

    private ArgumentException NotPlayedBy(string cluster, string what) =>
        new($"No {what} play the '{cluster}' cluster (configured: {string.Join(", ", Settings.Clusters.Select(pair => $"{pair.Key} = {pair.Value.GetType().Name}"))}).", nameof(cluster));

    private static string Invariant(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
