using EduPlatform.EventStore.Testing;
using EduPlatform.Harness.Infrastructure;
using EduPlatform.Harness.Waiting;
using Npgsql;

namespace EduPlatform.EventStore.Tests.Claims;

/// <summary>
/// The chapter's three claims, each run once at its stated size against a real PostgreSQL. `prove`
/// drives the same workloads with the load engine (claims/EduPlatform.EventStore.Claims/
/// Chapter04EventStoreClaims.cs).
/// </summary>
public sealed class ChapterClaimsTests(InfrastructureFixture infrastructure)
{
    [Fact]
    public async Task No_lost_update_with_50_concurrent_read_then_append_writers_on_one_stream()
    {
        await using var database = await ClaimDatabaseAsync();
        await using var dataSource = NpgsqlDataSource.Create(database.ConnectionString);

        var result = await new NoLostUpdateScenario(new PostgresEventStore(dataSource, ClaimStores.Types()))
            .RunAsync(writers: 50, appendsPerWriter: 2, CurrentTest.Cancellation);

        Report(result);
        result.Violations.Should().BeEmpty();
        result.Figures["final version"].Should().Be(100);
        result.Figures["conflicts detected and retried"].Should().BePositive("50 writers on one stream must collide");
    }

    [Fact]
    public async Task Subscription_completeness_with_concurrent_writers_over_100_streams_and_three_restarts()
    {
        await using var database = await ClaimDatabaseAsync();
        await using var dataSource = NpgsqlDataSource.Create(database.ConnectionString);

        var result = await new SubscriptionCompletenessScenario(dataSource, new PostgresEventStore(dataSource, ClaimStores.Types()))
            .RunAsync(writers: 8, appendsPerWriter: 60, restarts: 3, CurrentTest.Cancellation);

        Report(result);
        result.Violations.Should().BeEmpty();
        result.Figures["events"].Should().Be(8 * 120);
        result.Figures["restarts"].Should().Be(3);
    }

    [Fact]
    public async Task Durability_when_the_fault_proxy_resets_connections_mid_append()
    {
        await using var database = await ClaimDatabaseAsync();
        await using var scenario = DurabilityUnderConnectionResetsScenario.Start(database.ConnectionString);

        var result = await scenario.RunAsync(writers: 6, appendsPerWriter: 80, resetEvery: TimeSpan.FromMilliseconds(150), CurrentTest.Cancellation);

        Report(result);
        result.Violations.Should().BeEmpty();
        result.Figures["acknowledged"].Should().BePositive();
        result.Figures["unacknowledged"].Should().BePositive();
    }

    private async Task<PostgresDatabase> ClaimDatabaseAsync()
    {
        await infrastructure.Postgres.EnsureTemplateAsync("eventstore_v1", (connection, token) => EventStoreSchema.CreateAsync(connection, token), CurrentTest.Cancellation);
        return await infrastructure.Postgres.CreateDatabaseAsync("eventstore_v1", CurrentTest.Cancellation);
    }

    private static void Report(ClaimVerification result) => TestContext.Current.TestOutputHelper?.WriteLine(result.ToString());
}
