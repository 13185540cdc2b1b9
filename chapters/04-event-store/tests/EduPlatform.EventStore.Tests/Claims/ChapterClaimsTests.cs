using EduPlatform.Harness.Infrastructure;

namespace EduPlatform.EventStore.Tests.Claims;

/// <summary>
/// The chapter's three claims, each run once at its stated size against a real PostgreSQL. The same
/// scenario classes are what `prove` runs (see the chapter README, "Claims").
/// </summary>
public sealed class ChapterClaimsTests(InfrastructureFixture infrastructure)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task No_lost_update_with_50_concurrent_read_then_append_writers_on_one_stream()
    {
        await using var database = await EventStoreDatabase.CreateAsync(infrastructure);

        var result = await new NoLostUpdateScenario(database.Store).RunAsync(writers: 50, appendsPerWriter: 3, Cancellation);

        Report(result);
        result.Violations.Should().BeEmpty();
        result.Figures["final version"].Should().Be(150);
        result.Figures["conflicts detected and retried"].Should().BePositive("50 writers on one stream must collide");
    }

    [Fact]
    public async Task Subscription_completeness_with_concurrent_writers_over_100_streams_and_three_restarts()
    {
        await using var database = await EventStoreDatabase.CreateAsync(infrastructure);

        var result = await new SubscriptionCompletenessScenario(database.DataSource, database.Store)
            .RunAsync(writers: 8, appendsPerWriter: 60, restarts: 3, Cancellation);

        Report(result);
        result.Violations.Should().BeEmpty();
        result.Figures["events"].Should().Be(8 * 120);
    }

    [Fact]
    public async Task Durability_when_the_fault_proxy_resets_connections_mid_append()
    {
        await using var database = await EventStoreDatabase.CreateAsync(infrastructure);

        var result = await new DurabilityUnderConnectionResetsScenario(database.ConnectionString, database.Types)
            .RunAsync(writers: 6, appendsPerWriter: 80, resetEvery: TimeSpan.FromMilliseconds(150), Cancellation);

        Report(result);
        result.Violations.Should().BeEmpty();
        result.Figures["acknowledged"].Should().BePositive();
        result.Figures["unacknowledged"].Should().BePositive();
    }

    private static void Report(ClaimResult result) => TestContext.Current.TestOutputHelper?.WriteLine(result.ToString());
}
