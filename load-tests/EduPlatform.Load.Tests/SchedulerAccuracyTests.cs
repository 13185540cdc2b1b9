using EduPlatform.Load.SelfTest;

namespace EduPlatform.Load.Tests;

/// <summary>
/// The open model's promise, checked on counts (not on wall-clock luck): every intended start of
/// a fixed schedule is issued, at least 99% start (none dropped here), every started request
/// reaches the server, and every one completes.
/// </summary>
public sealed class SchedulerAccuracyTests
{
    [Theory]
    [InlineData(1_000, 3)]
    [InlineData(5_000, 2)]
    public async Task Inject_issues_the_whole_schedule_and_starts_at_least_99_percent_of_it(int rate, int seconds)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await LoopbackServer.StartAsync(cancellationToken: ct);
        using var http = Http.CreateClient(new HttpClientLimits { MaxConnectionsPerServer = 200 });
        var url = server.PingUri.ToString();
        var scenario = Scenario.Create("ping", async ctx => await Http.Send(http, Http.CreateRequest("GET", url), ctx))
            .WithLoadSimulations(Simulation.Inject(rate, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(seconds)));

        var result = await LoadRunner.RegisterScenarios(scenario).WithConsole(null).RunAsync(ct);

        var schedule = result.Scenario("ping").Stats.Schedule;
        var expected = rate * seconds;
        schedule.Intended.Should().Be(expected, "the schedule of a fixed-rate phase is exact");
        schedule.TargetRps.Should().Be(rate);
        schedule.Started.Should().BeGreaterThanOrEqualTo((long)(expected * 0.99), "a run that starts less than 99% of its schedule has failed");
        schedule.Dropped.Should().Be(expected - schedule.Started);
        server.Requests.Should().Be(schedule.Started, "every started iteration really sent a request");
        schedule.Completed.Should().Be(schedule.Started);
        result.Scenario("ping").Stats.Fail.Count.Should().Be(0);
        result.Thresholds.Single(t => t.EngineRule).Outcome.Should().Be(ThresholdOutcome.Passed);
        result.Scenario("ping").Intervals.Sum(i => i.Intended).Should().Be(expected, "per-second intervals add up to the whole");
    }
}
