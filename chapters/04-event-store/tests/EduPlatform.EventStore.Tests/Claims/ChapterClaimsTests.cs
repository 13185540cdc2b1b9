using EduPlatform.EventStore.Testing;
using EduPlatform.Harness.Infrastructure;
using EduPlatform.Harness.Waiting;

namespace EduPlatform.EventStore.Tests.Claims;

/// <summary>
/// The chapter's three claims, each run once at its stated size against a real PostgreSQL. `prove`
/// drives the same workloads with the load engine on the same system (claims/EduPlatform.EventStore.Claims/,
/// one claim per file).
/// </summary>
public sealed class ChapterClaimsTests(InfrastructureFixture infrastructure)
{
    [Fact]
    public async Task No_lost_update_with_50_concurrent_read_then_append_writers_on_one_stream()
    {
        await using var system = await StartAsync();

        var result = await new NoLostUpdateScenario(system.Store)
            .RunAsync(writers: 50, appendsPerWriter: 2, CurrentTest.Cancellation);

        Report(result);
        result.Violations.Should().BeEmpty();
        result.Figures["final version"].Should().Be(100);
        result.Figures["conflicts detected and retried"].Should().BePositive("50 writers on one stream must collide");
    }

    [Fact]
    public async Task Subscription_completeness_with_concurrent_writers_over_100_streams_and_three_restarts()
    {
        await using var system = await StartAsync();

        var result = await new SubscriptionCompletenessScenario(system.DataSource, system.Store)
            .RunAsync(writers: 8, appendsPerWriter: 60, restarts: 3, CurrentTest.Cancellation);

        Report(result);
        result.Violations.Should().BeEmpty();
        result.Figures["events"].Should().Be(8 * 120);
        result.Figures["restarts"].Should().Be(3);
    }

    [Fact]
    public async Task Durability_when_the_fault_proxy_resets_connections_mid_append()
    {
        await using var system = await StartAsync();
        await using var scenario = DurabilityUnderConnectionResetsScenario.Start(system);

        var result = await scenario.RunAsync(writers: 6, appendsPerWriter: 80, resetEvery: TimeSpan.FromMilliseconds(150), CurrentTest.Cancellation);

        Report(result);
        result.Violations.Should().BeEmpty();
        result.Figures["acknowledged"].Should().BePositive();
        result.Figures["unacknowledged"].Should().BePositive();
    }

    private Task<EventStoreSystem> StartAsync() => EventStoreSystem.StartAsync(infrastructure, ClaimStores.Settings, CurrentTest.Cancellation);

    private static void Report(ClaimVerification result) => TestContext.Current.TestOutputHelper?.WriteLine(result.ToString());
}
