using EduPlatform.Bff.Testing;
using EduPlatform.Bff.Tests.Support;

namespace EduPlatform.Bff.Tests.Hedging;

/// <summary>The videos leg is hedged: a second call after 50 ms (of the fake clock) when the first is slow, within the budget.</summary>
public sealed class HedgingTests(HedgingFakeClockBff bff) : EachTestResets<HedgingFakeClockBff>(bff), IClassFixture<HedgingFakeClockBff>
{
    private static readonly LegBehavior Slow = LegBehavior.After(LatencyDistribution.Fixed(TimeSpan.FromSeconds(10)));

    [Fact]
    public async Task A_slow_first_call_is_hedged_after_the_delay_the_first_answer_wins_and_the_loser_is_cancelled_then_the_spent_budget_refuses_the_next()
    {
        // Ten quick requests: ten first calls earn one hedge at 10%.
        for (var i = 0; i < 10; i++)
        {
            (await Bff.DashboardAsync(Students.New()))["videos"].Status.Should().Be("ok");
        }

        Bff.System.ClearCalls();
        Bff.System.Videos.Behavior = Slow;
        var answer = Bff.StartDashboard(Students.New());
        await FakeClockBffFixture.CallsArrivedAsync(Bff.System.Videos);
        Bff.System.Videos.Behavior = LegBehavior.Healthy;
        Bff.Clock.Advance(TimeSpan.FromMilliseconds(50));
        var reply = await answer;

        reply["videos"].Status.Should().Be("ok", "the hedge answered at once");
        var calls = Bff.System.Videos.Calls.Calls;
        calls.Should().HaveCount(2);
        calls[0].CorrelationId.Should().Be(calls[1].CorrelationId, "the hedge is the same request sent again");
        await FakeClockBffFixture.CallsEndedAsync([.. calls]);
        calls[0].End.Should().Be(CallEnd.Aborted, "the losing first call is cancelled once the hedge has won");

        // The one saved hedge is spent: the next slow call waits alone, until its deadline.
        Bff.System.ClearCalls();
        (await Bff.AnswerOnceTheDeadlineFiresAsync(Bff.System.Videos, Students.New()))["videos"].Status.Should().Be("degraded");
        Bff.System.Videos.Calls.Count.Should().Be(1, "the budget refused a second call");
    }

    [Fact]
    public async Task Only_the_hedged_leg_is_ever_sent_twice()
    {
        // However much budget is saved (this adds a tenth of a hedge; the test above spends whole ones), courses is not hedged.
        await Bff.AnswerOnceTheDeadlineFiresAsync(Bff.System.Courses, Students.New());

        Bff.System.Courses.Calls.Count.Should().Be(1);
    }
}

/// <summary>The contrast: with hedging off, a slow call is never sent twice.</summary>
public sealed class UnhedgedTests(UnhedgedFakeClockBff bff) : EachTestResets<UnhedgedFakeClockBff>(bff), IClassFixture<UnhedgedFakeClockBff>
{
    [Fact]
    public async Task Without_hedging_a_slow_videos_call_waits_alone_until_the_deadline()
    {
        for (var i = 0; i < 20; i++)
        {
            await Bff.DashboardAsync(Students.New());
        }

        Bff.System.ClearCalls();

        (await Bff.AnswerOnceTheDeadlineFiresAsync(Bff.System.Videos, Students.New()))["videos"].Status.Should().Be("degraded");
        Bff.System.Videos.Calls.Count.Should().Be(1);
    }
}
