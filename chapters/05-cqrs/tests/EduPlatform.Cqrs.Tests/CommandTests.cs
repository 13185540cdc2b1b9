using EduPlatform.Cqrs.Testing;
using EduPlatform.Harness.Waiting;

namespace EduPlatform.Cqrs.Tests;

/// <summary>The write side's rules: what each command appends, and what it refuses (with which status).</summary>
public sealed class CommandTests(SharedSystem shared) : IClassFixture<SharedSystem>
{
    private CqrsClient Client => shared.System.Client;

    [Fact]
    public async Task Each_command_appends_one_event_to_the_enrollments_stream_and_returns_its_global_position()
    {
        var enrolled = await Client.EnrollAsync("rules-1", "grace", "Grace Hopper");
        var lesson = await Client.CompleteLessonAsync("rules-1", "grace", "l-1");
        var quiz = await Client.SubmitQuizAsync("rules-1", "grace", "q-1", 88);
        var dropped = await Client.DropAsync("rules-1", "grace", "moved to another course");

        new[] { enrolled, lesson, quiz, dropped }.Select(r => r.StreamVersion).Should().Equal(1, 2, 3, 4);
        new[] { enrolled, lesson, quiz, dropped }.Select(r => r.StreamId).Should().AllBe("enrollment-rules-1.grace");
        new[] { enrolled.Position, lesson.Position, quiz.Position, dropped.Position }.Should().BeInAscendingOrder().And.OnlyHaveUniqueItems();
        var events = await shared.System.Store.ReadStreamAsync(EventStore.StreamId.Parse(enrolled.StreamId), cancellationToken: CurrentTest.Cancellation);
        events.Select(e => e.EventType).Should().Equal("student-enrolled", "lesson-completed", "quiz-submitted", "enrollment-dropped");
        events.Select(e => e.GlobalPosition).Should().Equal(enrolled.Position, lesson.Position, quiz.Position, dropped.Position);

        var progress = await Client.ProgressAsync("grace", dropped.Position);
        progress.Data.Courses.Should().ContainSingle().Which.Should().BeEquivalentTo(new
        {
            CourseId = "rules-1", StudentName = "Grace Hopper", Status = "dropped", LessonsCompleted = 1, QuizzesSubmitted = 1, Points = 10 + 88,
        });
        (await Client.RosterAsync("rules-1", dropped.Position)).Data.Students.Should().BeEmpty("a dropped student leaves the roster");
    }

    [Fact]
    public async Task Commands_that_the_enrollments_state_forbids_are_refused_and_append_nothing()
    {
        await Client.EnrollAsync("rules-2", "alan", "Alan");
        await Client.CompleteLessonAsync("rules-2", "alan", "l-1");
        await Client.SubmitQuizAsync("rules-2", "alan", "q-1", 50);

        await Refused(() => Client.EnrollAsync("rules-2", "alan", "Alan"), 409, "enrolled in rules-2 already");
        await Refused(() => Client.CompleteLessonAsync("rules-2", "alan", "l-1"), 409, "completed already");
        await Refused(() => Client.SubmitQuizAsync("rules-2", "alan", "q-1", 90), 409, "submitted already");
        await Refused(() => Client.CompleteLessonAsync("rules-2", "nobody", "l-1"), 404, "not enrolled");
        await Client.DropAsync("rules-2", "alan", "");
        await Refused(() => Client.CompleteLessonAsync("rules-2", "alan", "l-2"), 409, "final");
        await Refused(() => Client.EnrollAsync("rules-2", "alan", "Alan"), 409, "final");

        (await shared.System.Store.ReadStreamVersionAsync(EventStore.StreamId.Parse("enrollment-rules-2.alan"), CurrentTest.Cancellation))
            .Should().Be(4, "enrolled, lesson, quiz, dropped: the refused commands appended nothing");
    }

    private static async Task Refused(Func<Task> command, int status, string because)
    {
        var refused = await command.Should().ThrowAsync<CqrsApiException>();
        refused.Which.Status.Should().Be(status);
        refused.Which.Body.Should().Contain(because).And.Contain("\"type\"");
    }
}
