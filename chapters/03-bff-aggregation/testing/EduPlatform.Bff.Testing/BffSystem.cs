using System.Collections.Concurrent;
using System.Net.Http.Headers;
using EduPlatform.Bff;
using EduPlatform.Bff.Caching;
using EduPlatform.Bff.Dashboard;
using EduPlatform.Harness.Hosting;
using EduPlatform.Harness.Identities;
using EduPlatform.Harness.Infrastructure;
using Microsoft.Extensions.Logging;

namespace EduPlatform.Bff.Testing;

/// <summary>
/// Chapter 03's system under test, started once for a test or a claim: a token issuer (the platform's Users service's
/// role for the BFF: it signs tokens and publishes their keys), chapter 01's four services played by
/// <see cref="DownstreamService"/> stubs, a logical database of the harness's Redis for the cache's second level, and the
/// BFF configured by <see cref="BffSettings"/>, in this process or its own. Disposing stops everything it started.
/// </summary>
public sealed class BffSystem : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, string> _tokens = new(StringComparer.Ordinal);
    private readonly RedisDatabase? _redis;

    private BffSystem(BffSettings settings, TestTokenIssuer identity, IReadOnlyDictionary<string, DownstreamService> services,
        RedisDatabase? redis, ServiceInstance bff)
    {
        Settings = settings;
        Identity = identity;
        Services = services;
        _redis = redis;
        Bff = bff;
    }

    public BffSettings Settings { get; }

    public TestTokenIssuer Identity { get; }

    /// <summary>The four downstream stubs by service name (<see cref="PlatformStubs"/>).</summary>
    public IReadOnlyDictionary<string, DownstreamService> Services { get; }

    public DownstreamService Users => Services[PlatformStubs.Users];

    public DownstreamService Courses => Services[PlatformStubs.Courses];

    public DownstreamService Payments => Services[PlatformStubs.Payments];

    public DownstreamService Videos => Services[PlatformStubs.Videos];

    public ServiceInstance Bff { get; }

    /// <summary>The Redis logical database of the cache's second level, or null when there is none.</summary>
    public string? RedisConnectionString => _redis?.ConnectionString;

    public Uri DashboardUrl => new(Bff.BaseAddress, "dashboard");

    public static async Task<BffSystem> StartAsync(IInfrastructure infrastructure, BffSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(infrastructure);
        ArgumentNullException.ThrowIfNull(settings);
        var clock = settings.Clock ?? TimeProvider.System;
        var started = new List<IAsyncDisposable>();
        try
        {
            var identity = await TestTokenIssuer.StartAsync(new TestTokenIssuerOptions { Clock = clock }, cancellationToken);
            started.Add(identity);
            var services = await Task.WhenAll(PlatformStubs.All.Select(service => DownstreamService.StartAsync(
                service, PlatformStubs.PathOf(service), PlatformStubs.IsPerStudent(service),
                subject => PlatformStubs.AnswerFor(service, subject), settings.LegOf(service), clock, cancellationToken)));
            started.AddRange(services);
            var redis = settings is { Cache: true, RedisSecondLevel: true } ? await infrastructure.Redis.CreateDatabaseAsync(cancellationToken) : null;
            if (redis is not null)
            {
                started.Add(redis);
            }

            var byName = services.ToDictionary(service => service.Name, StringComparer.Ordinal);
            var bff = await ServiceHost.StartAsync(
                ServiceApp.FromBuild<DashboardAggregator>((args, configure) => BffHost.Build(args, configure), "bff"),
                new ServiceHostOptions
                {
                    Mode = settings.Hosting,
                    Configuration = Configuration(settings, identity, byName, redis),
                    TimeProvider = settings.Hosting == HostingMode.InProcess ? settings.Clock : null,
                    MinimumLogLevel = LogLevel.Warning,
                    Readiness = ReadinessProbe.Http("/health/ready"),
                },
                cancellationToken);
            started.Add(bff);
            var system = new BffSystem(settings, identity, byName, redis, bff);
            if (settings.Clock is null)
            {
                await system.WarmUpAsync(cancellationToken);
            }

            return system;
        }
        catch
        {
            foreach (var part in Enumerable.Reverse(started))
            {
                await part.DisposeAsync();
            }

            throw;
        }
    }

    /// <summary>A genuine token for <paramref name="subject"/>, minted once per subject (RS256 signing is not free).</summary>
    public string TokenFor(string subject) =>
        _tokens.GetOrAdd(subject, s => Identity.CreateToken(new TestTokenRequest { Subject = s, Lifetime = TimeSpan.FromHours(2) }));

    /// <summary>A GET /dashboard request as <paramref name="subject"/>, optionally for some sections only.</summary>
    public HttpRequestMessage DashboardRequest(string subject, string? sections = null, string? correlationId = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, sections is null ? DashboardUrl : new Uri(DashboardUrl + "?sections=" + sections));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TokenFor(subject));
        if (correlationId is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Correlation-Id", correlationId);
        }

        return request;
    }

    /// <summary>Asks for the dashboard as <paramref name="subject"/> and reads the answer.</summary>
    public async Task<DashboardReply> GetDashboardAsync(HttpClient client, string subject, string? sections = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var request = DashboardRequest(subject, sections);
        using var response = await client.SendAsync(request, cancellationToken);
        return await DashboardReply.ReadAsync(response, cancellationToken);
    }

    /// <summary>
    /// One request through the whole path (JIT, first connections) before anything is measured, for a student no test
    /// or claim uses and only the profile section, so no cache entry a test relies on is warm; the calls it made are
    /// then forgotten.
    /// </summary>
    private async Task WarmUpAsync(CancellationToken cancellationToken)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        for (var round = 0; round < 3; round++)
        {
            await GetDashboardAsync(client, "warm-up-student", sections: "profile", cancellationToken);
        }

        ClearCalls();
    }

    /// <summary>Every downstream's call log emptied (after a warm-up, before what is measured).</summary>
    public void ClearCalls()
    {
        foreach (var service in Services.Values)
        {
            service.Calls.Clear();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Bff.DisposeAsync();
        foreach (var service in Services.Values)
        {
            await service.DisposeAsync();
        }

        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }

        await Identity.DisposeAsync();
    }

    private static Dictionary<string, string?> Configuration(
        BffSettings settings, TestTokenIssuer identity, Dictionary<string, DownstreamService> services, RedisDatabase? redis)
    {
        var configuration = settings.ToConfiguration();
        configuration["Bff:Auth:Issuer"] = identity.Issuer;
        configuration["Bff:Auth:Audience"] = identity.Audience;
        configuration["Bff:Auth:JwksUrl"] = identity.JwksUri.ToString();
        configuration["Bff:Downstreams:Users"] = services[PlatformStubs.Users].BaseAddress.ToString();
        configuration["Bff:Downstreams:Courses"] = services[PlatformStubs.Courses].BaseAddress.ToString();
        configuration["Bff:Downstreams:Payments"] = services[PlatformStubs.Payments].BaseAddress.ToString();
        configuration["Bff:Downstreams:Videos"] = services[PlatformStubs.Videos].BaseAddress.ToString();
        configuration[$"{DashboardOptions.Section}:Cache:Redis"] = redis?.ConnectionString ?? "";
        // Per-request lines would make the console part of what a load run measures.
        configuration["Logging:LogLevel:Default"] = "Warning";
        configuration["Logging:LogLevel:" + typeof(DashboardCache).Namespace] = "Warning";
        return configuration;
    }
}
