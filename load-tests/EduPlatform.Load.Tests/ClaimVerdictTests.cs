using EduPlatform.Load.Proving;

namespace EduPlatform.Load.Tests;

public sealed class ClaimVerdictTests
{
    private static readonly ThresholdResult TimingFailed = new() { Expression = "p(99)<50", Outcome = ThresholdOutcome.Failed, Timing = true };
    private static readonly ThresholdResult TimingInconclusive = new() { Expression = "p(99)<50", Outcome = ThresholdOutcome.Inconclusive, Timing = true };
    private static readonly ThresholdResult CorrectnessPassed = new() { Expression = "rate==0", Outcome = ThresholdOutcome.Passed, Timing = false };
    private static readonly ThresholdResult CorrectnessFailed = new() { Expression = "rate==0", Outcome = ThresholdOutcome.Failed, Timing = false };

    [Fact]
    public void Quick_mode_reports_timing_thresholds_without_enforcing_them()
    {
        var run = new RunResult { Thresholds = [TimingFailed, TimingInconclusive, CorrectnessPassed] };

        ClaimResult.Judge(quick: true, run, [], error: null).Should().Be(ClaimVerdict.RanQuick);
        ClaimResult.Judge(quick: false, run, [], error: null).Should().Be(ClaimVerdict.NotProven);
    }

    [Fact]
    public void Correctness_thresholds_and_checks_count_even_in_quick_mode()
    {
        var run = new RunResult { Thresholds = [CorrectnessFailed] };
        var clean = new RunResult { Thresholds = [CorrectnessPassed] };

        ClaimResult.Judge(quick: true, run, [], error: null).Should().Be(ClaimVerdict.NotProven);
        ClaimResult.Judge(quick: true, clean, [new ClaimCheck("no lost events", false, "3 lost")], error: null).Should().Be(ClaimVerdict.NotProven);
    }

    [Fact]
    public void Timing_checks_are_enforced_by_a_full_run_and_only_reported_in_quick_mode()
    {
        var clean = new RunResult { Thresholds = [CorrectnessPassed] };
        ClaimCheck[] checks = [new("breaker opened within 5 s", false, "opened after 7.2 s", Timing: true)];

        ClaimResult.Judge(quick: true, clean, checks, error: null).Should().Be(ClaimVerdict.RanQuick);
        ClaimResult.Judge(quick: false, clean, checks, error: null).Should().Be(ClaimVerdict.NotProven);
        var quick = new ClaimResult { Name = "07-x", Chapter = "07", Statement = "s", Quick = true, Run = clean, Checks = checks };
        ClaimIndex.Rows(quick).Should().Contain(("check: breaker opened within 5 s", "opened after 7.2 s", "FAIL (reported, not enforced in quick mode)"));
    }

    [Fact]
    public void An_inconclusive_threshold_does_not_prove_a_claim()
    {
        ClaimResult.Judge(quick: false, new RunResult { Thresholds = [TimingInconclusive] }, [], null).Should().Be(ClaimVerdict.NotProven);
    }

    [Fact]
    public void A_claim_that_threw_ran_nothing_or_hit_an_engine_error_is_an_error()
    {
        ClaimResult.Judge(false, new RunResult(), [], "boom").Should().Be(ClaimVerdict.Error);
        ClaimResult.Judge(false, null, [], null).Should().Be(ClaimVerdict.Error);
        ClaimResult.Judge(false, new RunResult { EngineError = "init failed" }, [], null).Should().Be(ClaimVerdict.Error);
        ClaimResult.Judge(false, new RunResult { Thresholds = [CorrectnessPassed] }, [], null).Should().Be(ClaimVerdict.Proven);
    }

    [Fact]
    public void A_generator_bound_run_says_so_beside_its_verdict()
    {
        var result = new ClaimResult
        {
            Name = "00-x", Chapter = "00", Statement = "s", Verdict = ClaimVerdict.NotProven,
            Run = new RunResult { Generator = new GeneratorHealth { GeneratorBound = true } },
        };

        result.VerdictLabel.Should().Be("NOT PROVEN (generator-bound)");
    }
}
