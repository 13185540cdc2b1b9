using EduPlatform.Load.Scheduling;
using EduPlatform.Load.Thresholds;

namespace EduPlatform.Load.Tests;

public sealed class ThresholdTests
{
    [Theory]
    [InlineData("p(99)<50", nameof(ThresholdMetric.Percentile), 99, "<", 50)]
    [InlineData("p(99.9) <= 120.5", nameof(ThresholdMetric.Percentile), 99.9, "<=", 120.5)]
    [InlineData("avg<20", nameof(ThresholdMetric.Average), 0, "<", 20)]
    [InlineData("med>=1", nameof(ThresholdMetric.Median), 0, ">=", 1)]
    [InlineData("rate<0.001", nameof(ThresholdMetric.FailRate), 0, "<", 0.001)]
    [InlineData("ok_rate>0.99", nameof(ThresholdMetric.OkRate), 0, ">", 0.99)]
    [InlineData("availability_lb>=0.999", nameof(ThresholdMetric.AvailabilityLowerBound), 0, ">=", 0.999)]
    [InlineData("count==100", nameof(ThresholdMetric.Count), 0, "==", 100)]
    [InlineData("dropped_rate<=0.01", nameof(ThresholdMetric.DroppedRate), 0, "<=", 0.01)]
    public void K6_style_strings_parse_into_metric_operator_and_limit(string source, string metric, double argument, string op, double limit)
    {
        var parsed = ThresholdExpression.Parse(source);

        parsed.Metric.ToString().Should().Be(metric);
        parsed.Argument.Should().Be(argument);
        parsed.Operator.Should().Be(op);
        parsed.Limit.Should().Be(limit);
    }

    [Theory]
    [InlineData("p99<50", "write a percentile as p(N), e.g. p(99)")]
    [InlineData("p<50", "p needs a percentile")]
    [InlineData("p(101)<50", "between 0 and 100")]
    [InlineData("latency<50", "unknown metric 'latency'")]
    [InlineData("avg(3)<50", "takes no argument")]
    [InlineData("avg 50", "expected METRIC OP NUMBER")]
    [InlineData("p(99)<50, abortOnFial", "unknown option")]
    [InlineData("p(99)<50, window=5 seconds", "not a duration")]
    public void Malformed_thresholds_are_rejected_with_a_message_that_says_why(string source, string expected)
    {
        var parse = () => Threshold.Parse(source);

        parse.Should().Throw<FormatException>().WithMessage($"*{expected}*");
    }

    [Fact]
    public void Options_after_the_expression_set_abort_delay_and_window()
    {
        var threshold = Threshold.Parse("p(95)<200, abortOnFail, delayAbortEval=10s, window=5s");

        threshold.AbortsOnFail.Should().BeTrue();
        threshold.DelayAbortEval.Should().Be(TimeSpan.FromSeconds(10));
        threshold.Window.Should().Be(TimeSpan.FromSeconds(5));
        threshold.IsTiming.Should().BeTrue();
        Threshold.Parse("rate<0.01").IsTiming.Should().BeFalse("failure rates are correctness, enforced even in quick mode");
    }

    [Fact]
    public void A_percentile_threshold_passes_or_fails_on_the_histogram_value()
    {
        var sample = Sample(okMs: Enumerable.Repeat(10.0, 990).Concat(Enumerable.Repeat(80.0, 10)));

        Evaluate("p(99)<50", sample).Outcome.Should().Be(ThresholdOutcome.Passed);
        Evaluate("p(99.5)<50", sample).Outcome.Should().Be(ThresholdOutcome.Inconclusive, "p99.5 needs 2,000 samples");
        Evaluate("p(98)<5", sample).Outcome.Should().Be(ThresholdOutcome.Failed);
        Evaluate("max<=80.1", sample).Outcome.Should().Be(ThresholdOutcome.Passed);
    }

    [Fact]
    public void A_percentile_judged_on_too_few_samples_is_inconclusive_not_a_pass()
    {
        var sample = Sample(okMs: Enumerable.Repeat(1.0, 999));

        var (outcome, measured, note) = Evaluate("p(99)<50", sample);

        outcome.Should().Be(ThresholdOutcome.Inconclusive);
        measured.Should().Contain("n=999");
        note.Should().Contain("at least 1,000");
    }

    [Fact]
    public void Rate_counts_failures_over_all_completed_iterations()
    {
        var sample = Sample(okMs: Enumerable.Repeat(1.0, 998), failMs: [5, 5]);

        Evaluate("rate<0.001", sample).Outcome.Should().Be(ThresholdOutcome.Failed);
        Evaluate("rate<=0.002", sample).Outcome.Should().Be(ThresholdOutcome.Passed);
        Evaluate("fail_count==2", sample).Outcome.Should().Be(ThresholdOutcome.Passed);
        Evaluate("ok_rate>0.99", sample).Measured.Should().Contain("2 failed of 1,000");
    }

    [Fact]
    public void Availability_lower_bound_refuses_to_call_a_small_clean_run_three_nines()
    {
        var small = Sample(okMs: Enumerable.Repeat(1.0, 1_000));
        var large = Sample(okMs: Enumerable.Repeat(1.0, 5_000));

        Evaluate("availability_lb>=0.999", small).Outcome.Should().Be(ThresholdOutcome.Failed, "1,000 clean requests prove only ~99.7%");
        Evaluate("availability_lb>=0.999", large).Outcome.Should().Be(ThresholdOutcome.Passed, "5,000 clean requests prove ~99.94%");
    }

    [Fact]
    public void Lambda_thresholds_see_the_scenario_statistics()
    {
        var sample = Sample(okMs: Enumerable.Repeat(3.0, 100));
        var threshold = Threshold.Create("mean under 5 ms", s => s.Ok.Latency.MeanMs < 5, s => $"mean {s.Ok.Latency.MeanMs:0.#} ms");

        var (outcome, measured, note) = threshold.Evaluate(sample, () => sample.ToStats("s", 1, "open", 100), 1);

        outcome.Should().Be(ThresholdOutcome.Passed);
        measured.Should().Be("mean 3 ms");
        note.Should().Contain("too few samples", "a lambda cannot know which percentile it used, so the report says which ones are unreliable");
    }

    [Fact]
    public void A_step_threshold_judges_that_step_only()
    {
        var sample = Sample(okMs: Enumerable.Repeat(1.0, 100));
        var step = Sample(okMs: Enumerable.Repeat(100.0, 100)).Iterations;
        sample.Steps["login"] = step;

        Threshold.ForStep("login", "avg<50").Evaluate(sample, () => null!, 1).Outcome.Should().Be(ThresholdOutcome.Failed);
        Threshold.Parse("avg<50").Evaluate(sample, () => null!, 1).Outcome.Should().Be(ThresholdOutcome.Passed);
        Threshold.ForStep("missing", "avg<50").Evaluate(sample, () => null!, 1).Outcome.Should().Be(ThresholdOutcome.Inconclusive);
    }

    private static (ThresholdOutcome Outcome, string Measured, string? Note) Evaluate(string expression, ScenarioSample sample) =>
        Threshold.Parse(expression).Evaluate(sample, () => sample.ToStats("s", 1, "open", 0), 1);

    internal static ScenarioSample Sample(IEnumerable<double> okMs, IEnumerable<double>? failMs = null)
    {
        var recorder = new ScenarioRecorder("s");
        foreach (var ms in okMs)
        {
            recorder.Iterations.Record(true, "200", 1, (long)(ms * 1000), (long)(ms * 1000));
        }

        foreach (var ms in failMs ?? [])
        {
            recorder.Iterations.Record(false, "500", 1, (long)(ms * 1000), (long)(ms * 1000));
        }

        return recorder.TakeInterval();
    }
}
