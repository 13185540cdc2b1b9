using EduPlatform.Load.Scheduling;

namespace EduPlatform.Load.Tests;

public sealed class ArrivalScheduleTests
{
    [Theory]
    [InlineData(1000, 3)]
    [InlineData(5000, 2)]
    [InlineData(7, 10)]
    public void Constant_rate_yields_exactly_rate_times_duration_evenly_spaced_starts(double rate, double seconds)
    {
        var starts = ArrivalSchedule.Constant(rate, seconds).ToArray();

        starts.Should().HaveCount((int)(rate * seconds));
        var gaps = starts.Zip(starts.Skip(1), (a, b) => b - a).ToArray();
        gaps.Should().OnlyContain(g => Math.Abs(g - (1 / rate)) < 1e-9, "open-model starts are evenly spaced");
        starts[0].Should().BeApproximately(0.5 / rate, 1e-12, "the first start is half a gap in: no burst at t = 0");
        starts[^1].Should().BeLessThan(seconds);
    }

    [Fact]
    public void Ramp_from_zero_yields_the_area_under_the_rate_and_speeds_up()
    {
        var starts = ArrivalSchedule.Ramp(0, 1000, 10).ToArray();

        starts.Should().HaveCount(5000, "a linear ramp 0 -> 1000/s over 10 s averages 500/s");
        var firstSecond = starts.Count(t => t < 1);
        var lastSecond = starts.Count(t => t >= 9);
        firstSecond.Should().BeInRange(45, 55, "the rate averages 50/s over the first second");
        lastSecond.Should().BeInRange(945, 955, "and 950/s over the last");
        starts.Should().BeInAscendingOrder();
    }

    [Fact]
    public void Ramp_down_mirrors_ramp_up()
    {
        var starts = ArrivalSchedule.Ramp(1000, 0, 10).ToArray();

        starts.Should().HaveCount(5000);
        starts.Count(t => t < 1).Should().BeInRange(945, 955);
        starts.Should().BeInAscendingOrder();
    }

    [Fact]
    public void Count_yields_exactly_the_iterations_asked_for_at_the_rate()
    {
        var starts = ArrivalSchedule.Count(200, 1234).ToArray();

        starts.Should().HaveCount(1234);
        (starts[1] - starts[0]).Should().BeApproximately(0.005, 1e-12);
    }

    [Fact]
    public void Zero_rate_or_zero_duration_schedules_nothing()
    {
        ArrivalSchedule.Constant(0, 10).Should().BeEmpty();
        ArrivalSchedule.Constant(100, 0).Should().BeEmpty();
    }
}
