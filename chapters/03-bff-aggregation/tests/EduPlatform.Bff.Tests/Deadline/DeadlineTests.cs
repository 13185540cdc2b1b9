using System.Net;
using EduPlatform.Bff.Testing;
using EduPlatform.Bff.Tests.Support;

namespace EduPlatform.Bff.Tests.Deadline;

/// <summary>One deadline for the request (300 ms, 10 of them kept for the answer), cut into the legs' budgets, on a fake clock.</summary>
public sealed class DeadlineTests(FakeClockBff bff) : EachTestResets<FakeClockBff>(bff), IClassFixture<FakeClockBff>
{
    [Fact]
    public async Task A_leg_slower_than_the_deadline_is_cut_at_290_ms_and_its_section_is_degraded_when_there_is_no_copy()
    {
        var reply = await Bff.AnswerOnceTheDeadlineFiresAsync(Bff.System.Courses, Students.New());

        reply.Status.Should().Be(HttpStatusCode.OK);
        reply["courses"].Status.Should().Be("degraded");
        reply["courses"].HasData.Should().BeFalse();
        reply["courses"].Reason.Should().Be("no answer within 290 ms");
        reply.Degraded.Should().Contain("courses=degraded");
        var call = Bff.System.Courses.Calls.Calls.Single();
        call.BudgetMs.Should().Be("290", "the downstream is told how long the BFF will wait");
        await FakeClockBffFixture.CallsEndedAsync(call);
        call.End.Should().Be(CallEnd.Aborted, "the deadline cancels the downstream call; it is not left running");
    }

    [Fact]
    public async Task A_late_leg_with_an_expired_copy_serves_it_stale_with_its_age()
    {
        var student = Students.New();
        (await Bff.DashboardAsync(student))["courses"].Status.Should().Be("ok");

        var reply = await Bff.AnswerOnceTheDeadlineFiresAsync(Bff.System.Courses, student);

        reply.Status.Should().Be(HttpStatusCode.OK);
        reply["courses"].Status.Should().Be("stale");
        reply["courses"].AgeMs.Should().Be(290, "the copy was fetched 290 ms (of the fake clock) before it was served");
        reply["courses"].HasData.Should().BeTrue();
        // Sections here are fresh for 1 ms of the cache's (real) clock; a copy another section hit may be older on the fake one.
        reply.Degraded.Should().Contain("courses=stale");
    }

    [Fact]
    public async Task A_slow_required_profile_is_degraded_not_unavailable_so_the_page_is_still_answered()
    {
        var reply = await Bff.AnswerOnceTheDeadlineFiresAsync(Bff.System.Users, Students.New());

        reply.Status.Should().Be(HttpStatusCode.OK);
        reply["profile"].Status.Should().Be("degraded");
    }
}

/// <summary>In sequence, each leg gets what the legs before it left of the one deadline.</summary>
public sealed class SequentialDeadlineTests(SequentialFakeClockBff bff) : EachTestResets<SequentialFakeClockBff>(bff), IClassFixture<SequentialFakeClockBff>
{
    [Fact]
    public async Task Each_leg_gets_what_is_left_and_the_legs_after_a_used_up_deadline_call_nobody()
    {
        Bff.System.Users.Behavior = LegBehavior.After(LatencyDistribution.Fixed(TimeSpan.FromMilliseconds(100)));
        Bff.System.Courses.Behavior = LegBehavior.After(LatencyDistribution.Fixed(TimeSpan.FromSeconds(10)));
        var answer = Bff.StartDashboard(Students.New());

        await FakeClockBffFixture.CallsArrivedAsync(Bff.System.Users);
        Bff.System.Users.Calls.Calls.Single().BudgetMs.Should().Be("290");
        Bff.Clock.Advance(TimeSpan.FromMilliseconds(100));
        await FakeClockBffFixture.CallsArrivedAsync(Bff.System.Courses);
        Bff.System.Courses.Calls.Calls.Single().BudgetMs.Should().Be("190", "100 of the 290 ms went to the profile");
        Bff.Clock.Advance(TimeSpan.FromMilliseconds(190));
        var reply = await answer;

        reply["profile"].Status.Should().Be("ok");
        reply["courses"].Status.Should().Be("degraded");
        reply["payments"].Status.Should().Be("degraded");
        reply["videos"].Status.Should().Be("degraded");
        reply["payments"].Reason.Should().Be("no answer within 0 ms");
        Bff.System.Payments.Calls.Count.Should().Be(0, "no budget was left to call it with");
        Bff.System.Videos.Calls.Count.Should().Be(0);
    }
}

/// <summary>The contrast: without a deadline a slow leg holds the whole page.</summary>
public sealed class NoDeadlineTests(UncancelledFakeClockBff bff) : EachTestResets<UncancelledFakeClockBff>(bff), IClassFixture<UncancelledFakeClockBff>
{
    [Fact]
    public async Task Without_a_deadline_the_page_waits_for_the_slowest_leg_and_no_budget_is_sent()
    {
        Bff.System.Courses.Behavior = LegBehavior.After(LatencyDistribution.Fixed(TimeSpan.FromSeconds(2)));
        var answer = Bff.StartDashboard(Students.New());
        await FakeClockBffFixture.CallsArrivedAsync(Bff.System.Courses);

        Bff.Clock.Advance(TimeSpan.FromSeconds(1));
        Bff.System.Courses.Calls.Calls.Single().IsRunning.Should().BeTrue("a second of the fake clock passed, the leg takes two");
        Bff.Clock.Advance(TimeSpan.FromSeconds(1));
        var reply = await answer;

        reply.Status.Should().Be(HttpStatusCode.OK);
        reply["courses"].Status.Should().Be("ok");
        Bff.System.Courses.Calls.Calls.Single().BudgetMs.Should().BeNull();
    }
}
