using EduPlatform.Cqrs.Domain;
using EduPlatform.Cqrs.Projections;
using EduPlatform.Cqrs.Testing;
using EduPlatform.Cqrs.Testing.Verification;
using EduPlatform.EventStore;
using EduPlatform.Harness.Infrastructure;
using EduPlatform.Harness.Waiting;

namespace EduPlatform.Cqrs.Tests;

/// <summary>Poison events (written around the write side) are retried, parked with their reason, and the projection goes on.</summary>
public sealed class DeadLetterTests(InfrastructureFixture infrastructure)
{
    [Fact]
    public async Task Poison_events_are_parked_with_their_reason_in_both_stores_and_the_events_after_them_are_applied()
    {
        await using var system = await CqrsSystem.StartAsync(infrastructure, new CqrsSettings { Projector = ProjectorPlacement.NotStarted }, CurrentTest.Cancellation);
        var client = system.Client;
        await client.EnrollAsync("course-1", "ada", "Ada");
        // Written straight to the store, as older code or a manual fix could have: the write side would refuse both.
        await AppendAroundTheWriteSideAsync(system, "course-1", "ghost", new LessonCompleted("course-1", "ghost", "l-1"));
        await AppendAroundTheWriteSideAsync(system, "course-1", "ada", new QuizSubmitted("course-1", "ada", "q-1", 250));
        await client.CompleteLessonAsync("course-1", "ada", "l-1");
        var last = await client.SubmitQuizAsync("course-1", "ada", "q-2", 70);

        // All in one page: the projector has to find the two culprits inside the batch.
        await system.StartProjectorAsync(cancellationToken: CurrentTest.Cancellation);
        await system.WaitUntilCaughtUpAsync(TimeSpan.FromSeconds(20), CurrentTest.Cancellation);

        var letters = await client.DeadLettersAsync();
        letters.Select(l => (l.Projection, l.Position)).Should().BeEquivalentTo(new[]
        {
            ("readmodel_v1", 2L), ("readmodel_v1", 3L), (RedisLeaderboard.Name, 2L), (RedisLeaderboard.Name, 3L),
        });
        letters.Where(l => l.Position == 2).Should().OnlyContain(l => l.Reason.Contains("no enrollment", StringComparison.Ordinal) && l.Attempts == 3);
        letters.Where(l => l.Position == 3).Should().OnlyContain(l => l.Reason.Contains("250", StringComparison.Ordinal));
        var progress = await client.ProgressAsync("ada", last.Position);
        progress.Data.Courses.Should().ContainSingle().Which.Points.Should().Be(10 + 70, "the lesson and the second quiz came after the poison and count");
        (await ReadModelVerifier.VerifyAsync(system, CurrentTest.Cancellation)).Holds.Should().BeTrue();
        (await client.ProjectionsAsync()).Should().OnlyContain(p => p.Parked == 2 && p.Applied == 3 && p.Position == 5);
    }

    private static Task<AppendResult> AppendAroundTheWriteSideAsync(CqrsSystem system, string courseId, string studentId, object poison) =>
        system.Store.AppendToStreamAsync(EnrollmentStreams.For(courseId, studentId), ExpectedVersion.Any, [NewEvent.Create(poison)], CurrentTest.Cancellation);
}
