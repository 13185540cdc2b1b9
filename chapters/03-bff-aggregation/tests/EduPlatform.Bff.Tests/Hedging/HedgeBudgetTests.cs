using EduPlatform.Bff.Hedging;

namespace EduPlatform.Bff.Tests.Hedging;

/// <summary>The budget alone: hedges stay within their share of first calls however many are wanted.</summary>
public sealed class HedgeBudgetTests
{
    [Fact]
    public void Nothing_is_saved_before_the_first_calls_so_no_hedge_is_sent()
    {
        var budget = new HedgeBudget(0.1);

        budget.TrySpend().Should().BeFalse();
        budget.Refused.Should().Be(1);
    }

    [Fact]
    public void Ten_first_calls_earn_one_hedge_at_ten_percent()
    {
        var budget = new HedgeBudget(0.1);
        for (var i = 0; i < 9; i++)
        {
            budget.RecordFirstCall();
        }

        budget.TrySpend().Should().BeFalse("nine first calls earn 0.9 of a hedge");
        budget.RecordFirstCall();
        budget.TrySpend().Should().BeTrue();
        budget.TrySpend().Should().BeFalse();
    }

    [Fact]
    public void When_every_call_wants_a_hedge_hedges_stay_at_ten_percent_of_first_calls()
    {
        var budget = new HedgeBudget(0.1);
        for (var i = 0; i < 10_000; i++)
        {
            budget.RecordFirstCall();
            budget.TrySpend();
        }

        budget.Hedges.Should().Be(1_000);
        budget.Refused.Should().Be(9_000);
    }

    [Fact]
    public void Savings_stop_at_the_burst_so_a_long_calm_does_not_pay_for_a_storm()
    {
        var budget = new HedgeBudget(0.1, burst: 10);
        for (var i = 0; i < 100_000; i++)
        {
            budget.RecordFirstCall();
        }

        var hedges = 0;
        while (budget.TrySpend())
        {
            hedges++;
        }

        hedges.Should().Be(10);
    }

    [Fact]
    public void A_zero_budget_never_hedges()
    {
        var budget = new HedgeBudget(0);
        for (var i = 0; i < 1_000; i++)
        {
            budget.RecordFirstCall();
        }

        budget.TrySpend().Should().BeFalse();
    }

    [Fact]
    public async Task Concurrent_callers_cannot_overspend_it()
    {
        var budget = new HedgeBudget(0.1, burst: 0);
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 20_000; i++)
            {
                budget.RecordFirstCall();
                budget.TrySpend();
                budget.TrySpend();
            }
        }, TestContext.Current.CancellationToken)));

        budget.FirstCalls.Should().Be(160_000);
        budget.Hedges.Should().BeLessThanOrEqualTo(16_000);
        budget.Hedges.Should().BeGreaterThan(15_000, "what was earned is spendable");
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    public void A_ratio_outside_0_to_1_is_refused(double ratio) =>
        FluentActions.Invoking(() => new HedgeBudget(ratio)).Should().Throw<ArgumentOutOfRangeException>();
}
