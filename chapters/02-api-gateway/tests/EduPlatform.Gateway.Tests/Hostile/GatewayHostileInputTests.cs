using EduPlatform.Gateway.Configuration;
using EduPlatform.Gateway.Testing;
using EduPlatform.Gateway.Tests.Support;
using EduPlatform.Harness.Faults;
using EduPlatform.Harness.Identities;
using EduPlatform.Harness.Hosting;
using EduPlatform.Harness.Infrastructure;
using EduPlatform.Harness.Waiting;
using WireMock.Matchers;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using static EduPlatform.Gateway.Configuration.ReverseProxyKeys;

namespace EduPlatform.Gateway.Tests.Hostile;

/// <summary>
/// The gateway's whole HTTP surface under hostile input (issue 19), table-driven (<see cref="HostileCases"/>): every
/// request gets a 4xx, as a problem+json with no internal detail wherever the gateway or a service answers, and what
/// the gateway refuses never reaches a service. What Kestrel refuses before the gateway runs is pinned exactly (status,
/// empty body), as the README documents it. Behind the gateway, stubs that answer like a careful service: a 404 problem
/// for anything unknown, a 400 problem for every login body the suite sends.
/// </summary>
public sealed class GatewayHostileInputTests(GatewayHostileInputTests.Surface surface) : IClassFixture<GatewayHostileInputTests.Surface>
{
    public static TheoryData<string> Cases => [.. HostileCases.ByName.Keys];

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Hostile_input_gets_a_4xx_that_shows_nothing_internal_and_reaches_no_service_it_should_not(string name)
    {
        var hostile = HostileCases.ByName[name];
        surface.ForgetCalls();

        var response = await RawHttpConnection.ExchangeAsync(surface.System.BaseAddress, hostile.Request(surface.Tokens), CurrentTest.Cancellation);

        response.Status.Should().Be(hostile.Status, $"{response.ContentType} {response.Body}");
        switch (hostile.By)
        {
            case Answerer.Gateway:
                response.ShouldBeGatewayProblem(hostile.Status);
                surface.Calls.Should().BeEmpty("the gateway refused it");
                break;
            case Answerer.Service:
                response.ContentType.Should().Be("application/problem+json", response.Body);
                response.Body.ShouldShowNoInternalDetail();
                response.Header("X-Gateway").Should().NotBeNull();
                surface.Calls.Should().ContainSingle("the gateway forwarded it, once, for the service to refuse");
                break;
            case Answerer.WebServer:
                response.Body.Should().BeEmpty("Kestrel answers these itself, before the gateway runs (README)");
                response.Header("X-Gateway").Should().BeNull();
                surface.Calls.Should().BeEmpty();
                break;
        }
    }

    [Fact]
    public void The_suite_covers_every_surface_with_at_least_50_cases_and_tallies_them()
    {
        var tally = HostileCases.All.GroupBy(hostile => hostile.Surface).Select(group => new
        {
            Surface = group.Key,
            Cases = group.Count(),
            Problems = group.Count(hostile => hostile.By != Answerer.WebServer && hostile.Status is >= 400 and < 500),
            WebServer4xx = group.Count(hostile => hostile.By == Answerer.WebServer && hostile.Status is >= 400 and < 500),
            Status5xx = group.Count(hostile => hostile.Status >= 500),
        }).ToList();
        foreach (var row in tally)
        {
            TestContext.Current.TestOutputHelper?.WriteLine(
                $"{row.Surface}: {row.Cases} cases, {row.Problems} 4xx problem+json, {row.WebServer4xx} 4xx from Kestrel (empty body), {row.Status5xx} 5xx");
        }

        HostileCases.All.Should().HaveCountGreaterThanOrEqualTo(50);
        tally.Select(row => row.Surface).Should().BeEquivalentTo([HostileCases.Tokens, HostileCases.Headers, HostileCases.Paths, HostileCases.Bodies, HostileCases.Logins]);
        tally.Sum(row => row.Status5xx).Should().Be(1, "one 505, Kestrel's for an HTTP version it does not speak (RFC 9110 §15.6.6), is the only 5xx");
    }

    /// <summary>The gateway with generous budgets (the suite sends many requests from one address) in front of careful stubs.</summary>
    public sealed class Surface(InfrastructureFixture infrastructure) : SharedGatewaySystem(infrastructure)
    {
        public HostileTokens Tokens { get; private set; } = null!;

        public IEnumerable<StubRequest> Calls => ClusterIds.All.SelectMany(cluster => System.Stubs(cluster)).SelectMany(stub => stub.Calls);

        protected override GatewaySettings Settings
        {
            get
            {
                var settings = new GatewaySettings
                {
                    Budgets = new Dictionary<string, Budget>
                    {
                        [RateLimitingOptions.PerClientPolicy] = new(1_000_000),
                        [RateLimitingOptions.LoginPolicy] = new(1_000_000, WindowSeconds: 60),
                    },
                };
                return ClusterIds.All.Aggregate(settings, (current, cluster) => current.Behind(cluster, Upstream.Stubs()));
            }
        }

        public void ForgetCalls() => ClusterIds.All.SelectMany(cluster => System.Stubs(cluster)).ToList().ForEach(stub => stub.ForgetCalls());

        protected override void Prepare(GatewaySystem system)
        {
            Tokens = new HostileTokens(system.Issuer.CreateToken(), system.Issuer.CreateHostileToken(HostileToken.Expired));
            foreach (var stub in ClusterIds.All.Select(cluster => system.Stubs(cluster)[0]))
            {
                // A later mapping wins: the catch-all first, the health probe and the login after it.
                stub.Stub.Map(Request.Create().WithPath(new WildcardMatcher("/*")).UsingAnyMethod(), Problem(404, "Not found"));
                stub.Map(UpstreamStub.HealthPath, StubBehavior.Json("""{"status":"Healthy"}"""));
            }

            system.Stubs(ClusterIds.Users)[0].Map("/auth/login", Problem(400, "Invalid login request"));
        }

        private static StubBehavior Problem(int status, string title) => StubBehavior.From(Response.Create()
            .WithStatusCode(status)
            .WithHeader("Content-Type", "application/problem+json")
            .WithBody($$"""{"title":"{{title}}","status":{{status}}}"""));
    }
}
