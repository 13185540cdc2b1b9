using System.Net;
using EduPlatform.Gateway.Configuration;
using EduPlatform.Gateway.Testing;
using EduPlatform.Gateway.Tests.Support;
using EduPlatform.Harness.Hosting;
using EduPlatform.Harness.Infrastructure;
using EduPlatform.Harness.Waiting;
using static EduPlatform.Gateway.Configuration.ReverseProxyKeys;

namespace EduPlatform.Gateway.Tests.Hosting;

/// <summary>
/// The system as full claim runs and the benchmark host it: every part its own <c>dotnet</c> process, configured by
/// environment variables instead of command-line arguments. What the settings say must reach each process: the
/// gateway's destinations and budget, chapter 01's database and issuer, the stand-ins' names.
/// </summary>
public sealed class OutOfProcessSystemTests(InfrastructureFixture infrastructure)
{
    [Fact]
    public async Task Every_part_started_as_its_own_process_is_configured_as_the_settings_say()
    {
        await using var system = await GatewaySystem.StartAsync(infrastructure, new GatewaySettings
        {
            Hosting = HostingMode.OutOfProcess,
            Budgets = new Dictionary<string, Budget> { [RateLimitingOptions.PerClientPolicy] = new Budget(2) },
        }.Behind(ClusterIds.Courses, Upstream.Platform()).Behind(ClusterIds.Videos, Upstream.StandIns(1)), CurrentTest.Cancellation);
        var token = system.Learners.Of(7);

        using var catalogue = await system.Client.GetAsync("/api/courses", token: null);
        using var chunk = await system.Client.GetAsync("/api/videos/7/chunks/1", token);
        using var enrollments = await system.Client.GetAsync("/api/courses/enrollments", token);
        using var overBudget = await system.Client.GetAsync("/api/courses/enrollments", token);

        catalogue.StatusCode.Should().Be(HttpStatusCode.OK, "chapter 01's Courses answers from its own database");
        catalogue.Headers.GetValues("X-Served-By").Should().Equal("courses-1");
        system.Instances(ClusterIds.Courses).Should().ContainSingle().Which.Mode.Should().Be(HostingMode.OutOfProcess);
        chunk.StatusCode.Should().Be(HttpStatusCode.OK);
        chunk.Headers.GetValues("X-Served-By").Should().Equal("videos-1");
        enrollments.StatusCode.Should().Be(HttpStatusCode.OK, "Courses trusts the test issuer's token too");
        await overBudget.ShouldBeGatewayProblemAsync(HttpStatusCode.TooManyRequests);
    }
}
