using System.Net;
using System.Text.Json;
using EduPlatform.Gateway.Tests.Support;
using EduPlatform.Harness.Infrastructure;

namespace EduPlatform.Gateway.Tests.Balancing;

/// <summary>
/// Health checks against chapter 01's real Courses service (two instances, real PostgreSQL): a
/// killed instance is taken out of the rotation while traffic carries on, and put back once it
/// answers its readiness probe again.
/// </summary>
public sealed class DestinationHealthTests(InfrastructureFixture infrastructure)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_killed_destination_is_ejected_traffic_continues_and_it_is_readmitted_after_it_recovers()
    {
        await using var identity = await Harness.Identities.TestTokenIssuer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        await using var platform = await PlatformServices.StartAsync(infrastructure, identity, ("courses", 2));
        await using var gateway = await GatewayUnderTest.StartAsync(GatewaySettings.TrustingTokensFrom(identity)
            .WithDestinations("courses", platform.AddressesOf("courses"))
            .WithFastHealthChecks("courses"));
        (await ServedByAsync(gateway, 20)).Should().BeEquivalentTo(["courses-1", "courses-2"]);

        await platform["courses"][1].KillAsync();

        // Every request still succeeds: one sent to the dead instance is retried on the live one.
        (await ServedByAsync(gateway, 30)).Should().BeEquivalentTo(["courses-1"]);
        await WaitUntilAsync(gateway, available => !available, "courses-2 is ejected");
        (await ServedByAsync(gateway, 10)).Should().BeEquivalentTo(["courses-1"]);

        await platform["courses"][1].RestartAsync(TestContext.Current.CancellationToken);

        await WaitUntilAsync(gateway, available => available, "courses-2 is readmitted");
        (await ServedByAsync(gateway, 20)).Should().BeEquivalentTo(["courses-1", "courses-2"]);
    }

    /// <summary>Sends <paramref name="count"/> catalogue requests; each must succeed; returns which instances served them.</summary>
    private static async Task<HashSet<string>> ServedByAsync(GatewayUnderTest gateway, int count)
    {
        var servedBy = new HashSet<string>();
        for (var i = 0; i < count; i++)
        {
            using var response = await gateway.Client.GetAsync("/api/courses", token: null);
            response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
            servedBy.Add(response.Headers.GetValues("X-Served-By").Single());
        }

        return servedBy;
    }

    /// <summary>Polls the gateway's own health view until courses-2's availability satisfies <paramref name="condition"/>.</summary>
    private static async Task WaitUntilAsync(GatewayUnderTest gateway, Func<bool, bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        string last = "";
        while (DateTime.UtcNow < deadline)
        {
            last = await gateway.Client.GetStringAsync("/health", TestContext.Current.CancellationToken);
            var courses = JsonDocument.Parse(last).RootElement.GetProperty("clusters").EnumerateArray()
                .Single(cluster => cluster.GetProperty("cluster").GetString() == "courses");
            var second = courses.GetProperty("destinations").EnumerateArray().Single(destination => destination.GetProperty("id").GetString() == "courses-2");
            if (condition(second.GetProperty("available").GetBoolean()))
            {
                return;
            }

            await Task.Delay(200, TestContext.Current.CancellationToken);
        }

        throw new TimeoutException($"Not within {Patience.TotalSeconds} s: {what}. Last health view: {last}");
    }
}
