using System.Net;
using EduPlatform.Gateway.Testing;
using EduPlatform.Gateway.Tests.Support;
using EduPlatform.Harness.Infrastructure;
using EduPlatform.Harness.Waiting;
using Microsoft.Extensions.Time.Testing;
using static EduPlatform.Gateway.Configuration.ReverseProxyKeys;

namespace EduPlatform.Gateway.Tests.Balancing;

/// <summary>
/// Health checks against chapter 01's real Courses service (two instances, real PostgreSQL): a killed instance is
/// taken out of the rotation while traffic carries on, and put back once it answers its readiness probe again. The
/// gateway's health checks run on a fake clock the test advances.
/// </summary>
public sealed class DestinationHealthTests(InfrastructureFixture infrastructure)
{
    [Fact]
    public async Task A_killed_destination_is_ejected_traffic_continues_and_it_is_readmitted_after_it_recovers()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var gateway = await GatewaySystem.StartAsync(infrastructure,
            new GatewaySettings { Clock = clock, FastHealthChecks = true }.Behind(ClusterIds.Courses, Upstream.Platform(2)), CurrentTest.Cancellation);
        var second = GatewaySystem.DestinationId(ClusterIds.Courses, 1);
        (await ServedByAsync(gateway, 20)).Should().BeEquivalentTo(["courses-1", "courses-2"]);

        await gateway.Instances(ClusterIds.Courses)[1].KillAsync();

        // Every request still succeeds: one sent to the dead instance is retried on the live one.
        (await ServedByAsync(gateway, 30)).Should().BeEquivalentTo(["courses-1"]);
        await gateway.UntilAvailableIsAsync(clock, ClusterIds.Courses, second, available: false, "courses-2 is ejected");
        (await ServedByAsync(gateway, 10)).Should().BeEquivalentTo(["courses-1"]);

        await gateway.Instances(ClusterIds.Courses)[1].RestartAsync(CurrentTest.Cancellation);

        await gateway.UntilAvailableIsAsync(clock, ClusterIds.Courses, second, available: true, "courses-2 is readmitted");
        (await ServedByAsync(gateway, 20)).Should().BeEquivalentTo(["courses-1", "courses-2"]);
    }

    /// <summary>Sends <paramref name="count"/> catalogue requests; each must succeed; returns which instances served them.</summary>
    private static async Task<HashSet<string>> ServedByAsync(GatewaySystem gateway, int count)
    {
        var servedBy = new HashSet<string>();
        for (var i = 0; i < count; i++)
        {
            using var response = await gateway.Client.GetAsync("/api/courses", token: null);
            response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync(CurrentTest.Cancellation));
            servedBy.Add(response.Headers.GetValues("X-Served-By").Single());
        }

        return servedBy;
    }
}
