using EduPlatform.Load.Stats;

namespace EduPlatform.Load.Tests;

public sealed class StatisticsRulesTests
{
    [Theory]
    [InlineData(50, 20)]
    [InlineData(95, 200)]
    [InlineData(99, 1_000)]
    [InlineData(99.9, 10_000)]
    public void A_percentile_needs_ten_samples_beyond_it(double percentile, long required)
    {
        PercentileSampleRule.RequiredSamples(percentile).Should().Be(required);
        PercentileSampleRule.IsReliable(percentile, required - 1).Should().BeFalse();
        PercentileSampleRule.IsReliable(percentile, required).Should().BeTrue();
    }

    [Theory]
    [InlineData(100)]
    [InlineData(1_000)]
    [InlineData(1_000_000)]
    public void Zero_failures_in_n_proves_a_failure_rate_of_at_most_about_three_over_n(long n)
    {
        var upper = ClopperPearson.UpperBound(0, n);

        upper.Should().BeApproximately(1 - Math.Pow(0.05, 1.0 / n), 1e-12);
        (upper * n).Should().BeInRange(2.9, 3.0, "the rule of three");
        ClopperPearson.AvailabilityLowerBound(0, n).Should().BeLessThan(1, "zero failures never proves 100%");
    }

    [Theory]
    [InlineData(1, 100)]
    [InlineData(5, 1_000)]
    [InlineData(30, 2_000)]
    public void The_upper_bound_is_where_the_binomial_cdf_falls_to_five_percent(long failures, long trials)
    {
        var upper = ClopperPearson.UpperBound(failures, trials);

        // Checked against the binomial CDF summed term by term, independently of the beta function.
        DirectBinomialCdf(failures, trials, upper).Should().BeApproximately(0.05, 1e-6);
        upper.Should().BeGreaterThan((double)failures / trials);
    }

    [Fact]
    public void One_failure_in_a_hundred_bounds_the_failure_rate_near_4_7_percent()
    {
        // Published value for the one-sided 95% exact bound, x = 1, n = 100: 0.0466.
        ClopperPearson.UpperBound(1, 100).Should().BeApproximately(0.0466, 0.0001);
    }

    private static double DirectBinomialCdf(long k, long n, double p)
    {
        double sum = 0;
        for (long i = 0; i <= k; i++)
        {
            var logTerm = LogChoose(n, i) + (i * Math.Log(p)) + ((n - i) * Math.Log(1 - p));
            sum += Math.Exp(logTerm);
        }

        return sum;
    }

    private static double LogChoose(long n, long k)
    {
        double result = 0;
        for (long i = 1; i <= k; i++)
        {
            result += Math.Log(n - k + i) - Math.Log(i);
        }

        return result;
    }
}
