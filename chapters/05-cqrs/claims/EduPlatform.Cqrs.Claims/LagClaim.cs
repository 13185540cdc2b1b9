using EduPlatform.Cqrs.Domain;
using EduPlatform.Cqrs.Projections;
using EduPlatform.Cqrs.Testing;
using EduPlatform.Cqrs.Testing.Workloads;
using EduPlatform.EventStore;
using EduPlatform.Load;
using EduPlatform.Load.Proving;

namespace EduPlatform.Cqrs.Claims;

/// <summary>At 1,000 events/s, the time from an event's commit to its projection's commit stays under 200 ms at p99.</summary>
public sealed class LagClaim : IClaim
{
    private const int EventsPerAppend = 5;

    public string Name => "05-lag";

    public string Chapter => "05";

    public string Statement =>
        "At 1,000 events/s (200 appends/s of 5 events), projection lag (an event's commit to its projection's commit, the "
        + "cqrs.projection.lag metric) has p99 <= 200 ms, for the PostgreSQL read models and for the Redis leaderboard.";

    public async Task<ClaimResult> RunAsync(ClaimContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        await using var claim = await ClaimSystem.StartAsync(new CqrsSettings { RetryDelayMs = 100 }, context.CancellationToken);
        var system = claim.System;
        using var metrics = new ProjectionLagRecorder(system.ProjectorMeter);
        var run = Guid.NewGuid().ToString("N")[..6];

        var appending = Scenario.Create("append-5-events", async ctx =>
            {
                // A new student's first five events, appended as the write side would: one stream, NoStream expected.
                var student = $"lag-{run}-{ctx.InvocationNumber}";
                var result = await system.Store.AppendToStreamAsync(EnrollmentStreams.For("course-lag", student), ExpectedVersion.NoStream,
                [
                    NewEvent.Create(new StudentEnrolled("course-lag", student, "Lag Student")),
                    NewEvent.Create(new LessonCompleted("course-lag", student, "l-1")),
                    NewEvent.Create(new QuizSubmitted("course-lag", student, "q-1", 70)),
                    NewEvent.Create(new LessonCompleted("course-lag", student, "l-2")),
                    NewEvent.Create(new QuizSubmitted("course-lag", student, "q-2", 90)),
                ], ctx.CancellationToken);
                return result.Outcome == AppendOutcome.Appended ? Response.Ok() : Response.Fail(statusCode: result.Outcome.ToString());
            })
            .WithLoadSimulations(Simulation.Inject(1_000 / EventsPerAppend, TimeSpan.FromSeconds(1), context.Duration(TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(3))))
            .WithThresholds(Threshold.Parse("rate==0"));
        var result = await context.RunAsync(appending);
        await system.WaitUntilCaughtUpAsync(TimeSpan.FromMinutes(1), context.CancellationToken);

        var appended = result.Scenarios.Sum(s => s.Stats.Ok.Count) * EventsPerAppend;
        foreach (var projection in new[] { "readmodel_v1", RedisLeaderboard.Name })
        {
            var lags = metrics.LagsOf(projection);
            var p99 = ProjectionLagRecorder.Percentile(lags, 99);
            context.CheckTiming($"{projection}: lag p99 <= 200 ms", p99 <= 200,
                $"p50 {ProjectionLagRecorder.Percentile(lags, 50):0.0} ms, p99 {p99:0.0} ms, max {ProjectionLagRecorder.Percentile(lags, 100):0.0} ms over {lags.Count:#,0} events");
            context.Check($"{projection}: one lag measurement per appended event", lags.Count == appended, $"{lags.Count:#,0} measurements, {appended:#,0} events appended");
        }

        return context.Complete();
    }
}
