using EduPlatform.Cqrs.Queries;
using EduPlatform.Cqrs.Testing;
using EduPlatform.Harness.Infrastructure;
using EduPlatform.Harness.Waiting;

namespace EduPlatform.Cqrs.Tests;

/// <summary>A command returns its global position; a query that passes it waits (bounded) until the read model has reached it.</summary>
public sealed class ReadYourWritesTests(InfrastructureFixture infrastructure)
{
    [Fact]
    public async Task A_query_that_passes_its_commands_position_sees_the_write_in_postgres_and_in_redis()
    {
        await using var system = await CqrsSystem.StartAsync(infrastructure, cancellationToken: CurrentTest.Cancellation);
        var client = system.Client;

        for (var i = 1; i <= 5; i++)
        {
            var enrolled = await client.EnrollAsync("course-1", $"s-{i}", $"Student {i}");
            var quiz = await client.SubmitQuizAsync("course-1", $"s-{i}", "q-1", 10 * i);

            var progress = await client.ProgressAsync($"s-{i}", quiz.Position);
            var roster = await client.RosterAsync("course-1", enrolled.Position);
            var board = await client.LeaderboardAsync("course-1", ReadSide.Redis, position: quiz.Position);

            progress.Consistency!.Reached.Should().BeTrue();
            progress.Position.Should().BeGreaterThanOrEqualTo(quiz.Position);
            progress.Data.Courses.Should().ContainSingle().Which.Points.Should().Be(10 * i);
            roster.Data.Students.Select(s => s.StudentId).Should().Contain($"s-{i}");
            board.Consistency!.Reached.Should().BeTrue();
            board.Data.Entries.Should().Contain(e => e.StudentId == $"s-{i}" && e.Points == 10 * i);
        }
    }

    [Fact]
    public async Task Without_a_projector_the_wait_is_bounded_and_the_answer_says_how_far_behind_it_is()
    {
        await using var system = await CqrsSystem.StartAsync(infrastructure, new CqrsSettings { Projector = ProjectorPlacement.NotStarted }, CurrentTest.Cancellation);
        var client = system.Client;
        await client.EnrollAsync("course-1", "ada", "Ada");
        var written = await client.CompleteLessonAsync("course-1", "ada", "l-1");

        var stale = await client.ProgressAsync("ada", written.Position, waitMs: 150);
        var unasked = await client.ProgressAsync("ada");

        stale.Consistency.Should().BeEquivalentTo(new { RequestedPosition = 2L, Reached = false, BehindBy = 2L });
        stale.Consistency!.WaitedMs.Should().BeGreaterThanOrEqualTo(150, "it waited its whole bound before answering");
        stale.Data.Courses.Should().BeEmpty("the read model has not seen the enrollment yet");
        unasked.Consistency.Should().BeNull("a query that asks for no position does not wait");

        await system.StartProjectorAsync(cancellationToken: CurrentTest.Cancellation);
        var fresh = await client.ProgressAsync("ada", written.Position, waitMs: 5_000);
        fresh.Consistency.Should().BeEquivalentTo(new { RequestedPosition = 2L, Reached = true, BehindBy = 0L });
        fresh.Data.Courses.Should().ContainSingle().Which.LessonsCompleted.Should().Be(1);
    }
}
