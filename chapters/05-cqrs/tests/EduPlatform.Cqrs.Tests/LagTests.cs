using EduPlatform.Cqrs.Projections;
using EduPlatform.Cqrs.Testing;
using EduPlatform.Cqrs.Testing.Workloads;
using EduPlatform.Harness.Infrastructure;
using EduPlatform.Harness.Waiting;

namespace EduPlatform.Cqrs.Tests;

/// <summary>Lag per projection: position, events behind and age of the oldest unprojected event, on GET /projections and as metrics.</summary>
public sealed class LagTests(InfrastructureFixture infrastructure)
{
    [Fact]
    public async Task The_lag_endpoint_shows_each_projection_behind_the_head_until_the_projector_catches_up()
    {
        await using var system = await CqrsSystem.StartAsync(infrastructure, new CqrsSettings { Projector = ProjectorPlacement.NotStarted }, CurrentTest.Cancellation);
        var client = system.Client;
        await client.EnrollAsync("course-1", "ada", "Ada");
        await client.CompleteLessonAsync("course-1", "ada", "l-1");
        await client.CompleteLessonAsync("course-1", "ada", "l-2");

        var behind = await client.ProjectionsAsync();

        behind.Select(p => (p.Projection, p.Store, p.State, p.Position, p.Head, p.LagEvents)).Should().BeEquivalentTo(new[]
        {
            ("readmodel_v1", "postgres", "active", 0L, 3L, 3L),
            (RedisLeaderboard.Name, "redis", "live", 0L, 3L, 3L),
        });
        behind.Should().OnlyContain(p => p.LagMs > 0, "the oldest unprojected event has been waiting since it was appended");

        await system.StartProjectorAsync(cancellationToken: CurrentTest.Cancellation);
        var caughtUp = await Eventually.ReturnsAsync(() => client.ProjectionsAsync(), all => all.All(p => p.LagEvents == 0), "every projection caught up");
        caughtUp.Should().OnlyContain(p => p.Position == 3 && p.LagMs == 0 && p.Applied == 3 && p.Parked == 0);
    }

    [Fact]
    public async Task The_meter_reports_commit_to_projection_lag_per_event_and_the_lag_gauges_per_projection()
    {
        await using var system = await CqrsSystem.StartAsync(infrastructure, new CqrsSettings { Projector = ProjectorPlacement.SeparateInProcess }, CurrentTest.Cancellation);
        using var apiMetrics = new ProjectionLagRecorder(system.ApiMeter);
        using var projectorMetrics = new ProjectionLagRecorder(system.ProjectorMeter);
        var client = system.Client;

        var last = await client.EnrollAsync("course-1", "ada", "Ada");
        last = await client.SubmitQuizAsync("course-1", "ada", "q-1", 90);
        await client.ProgressAsync("ada", last.Position, waitMs: 5_000);
        await system.WaitUntilCaughtUpAsync(TimeSpan.FromSeconds(10), CurrentTest.Cancellation);

        // One lag measurement per applied event and projection, from the projector's meter.
        projectorMetrics.LagsOf("readmodel_v1").Should().HaveCount(2).And.OnlyContain(ms => ms >= 0);
        projectorMetrics.LagsOf(RedisLeaderboard.Name).Should().HaveCount(2);
        apiMetrics.LagsOf("readmodel_v1").Should().BeEmpty("the API's own meter records only what the API does");

        // The gauges come from the stored checkpoints: any process reports them, the API's included.
        await Eventually.HoldsAsync(() =>
        {
            apiMetrics.ObserveGauges();
            return apiMetrics.Gauge("cqrs.projection.position", "readmodel_v1") == 2 && apiMetrics.Gauge("cqrs.projection.lag_events", RedisLeaderboard.Name) == 0;
        }, "the API's gauges show both projections at position 2");
    }
}
