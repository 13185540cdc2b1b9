using EduPlatform.Load.Scheduling;
using EduPlatform.Load.Stats;
using EduPlatform.Load.SelfTest;

namespace EduPlatform.Load.Tests;

/// <summary>
/// A server that freezes for one second once. Measured from the intended start (open model), the
/// freeze lands in p99; a closed-model generator sends nothing while it waits, so its p99 hides it.
/// </summary>
public sealed class CoordinatedOmissionTests
{
    private static readonly TimeSpan Stall = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task A_one_second_stall_shows_in_the_open_models_p99_and_hides_from_the_closed_models()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await LoopbackServer.StartAsync(cancellationToken: ct);
        using var http = Http.CreateClient(new HttpClientLimits { MaxConnectionsPerServer = 500 });
        var url = server.PingUri.ToString();

        var open = await RunWithStallAsync(server,
            Scenario.Create("open", async ctx => await Http.Send(http, Http.CreateRequest("GET", url), ctx))
                .WithLoadSimulations(Simulation.Inject(400, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3))), ct);
        var closed = await RunWithStallAsync(server,
            Scenario.Create("closed", async ctx => await Http.Send(http, Http.CreateRequest("GET", url), ctx))
                .WithLoadSimulations(Simulation.KeepConstant(1, TimeSpan.FromSeconds(3))), ct);

        var openLatency = open.Scenario("open").Stats.Ok.Latency;
        var closedLatency = closed.Scenario("closed").Stats.Ok.Latency;
        openLatency.Count.Should().BeGreaterThanOrEqualTo(1_000, "enough samples for p99 to mean something");
        openLatency.P99Ms.Should().BeGreaterThanOrEqualTo(500, "about a third of the intended starts fell inside the stall");
        closedLatency.MaxMs.Should().BeGreaterThanOrEqualTo(800, "the closed model did hit the stall, once");
        closedLatency.P99Ms.Should().BeLessThan(100, "and then reported it as one slow request among thousands");
        open.Scenario("open").Intervals.Should().Contain(i => i.P99Ms >= 500, "the stall is visible on the timeline");
        open.Events.Should().ContainSingle(e => e.Name == "stall").Which.AtSeconds.Should().BeInRange(0.9, 1.6);
    }

    [Fact]
    public async Task An_iteration_that_starts_late_counts_its_wait_in_latency_but_not_in_service_time()
    {
        var scenario = Scenario.Create("late", _ => Task.FromResult(Response.Ok()));
        var runner = new IterationRunner(scenario, new ScenarioRecorder("late"), new RunEventLog(), isWarmUp: false, TestContext.Current.CancellationToken);

        runner.Recorder.EnterFlight();
        await runner.RunOpenAsync(MonotonicClock.Now() - MonotonicClock.FromSeconds(0.2));

        var sample = runner.Recorder.TakeInterval();
        var stats = sample.ToStats("late", 1, "open", 1);
        stats.Ok.Latency.MaxMs.Should().BeGreaterThanOrEqualTo(200, "latency runs from the intended start, 200 ms ago");
        stats.Ok.ServiceTime.MaxMs.Should().BeLessThan(100, "service time runs from the actual start");
        stats.Schedule.Late.Should().Be(1, "200 ms is beyond the 10 ms late tolerance");
        stats.Schedule.SchedulingLag.MaxMs.Should().BeGreaterThanOrEqualTo(200);
        runner.Recorder.InFlight.Should().Be(0);
    }

    [Fact]
    public async Task A_generator_that_cannot_start_iterations_on_time_is_flagged_as_the_bottleneck()
    {
        // Each iteration blocks its thread-pool thread: the pool cannot start the next ones on time.
        var scenario = Scenario.Create("blocking", _ =>
            {
                Thread.Sleep(50);
                return Task.FromResult(Response.Ok());
            })
            .WithLoadSimulations(Simulation.Inject(400, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)));

        var result = await LoadRunner.RegisterScenarios(scenario).WithConsole(null).RunAsync(TestContext.Current.CancellationToken);

        result.Generator.GeneratorBound.Should().BeTrue();
        result.Generator.Reasons.Should().Contain(r => r.Contains("started more than", StringComparison.Ordinal));
        result.Scenario("blocking").Stats.Schedule.Late.Should().BeGreaterThan(4);
    }

    [Fact]
    public async Task A_run_that_drops_more_than_one_percent_of_its_arrivals_fails()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await LoopbackServer.StartAsync(cancellationToken: ct);
        using var http = Http.CreateClient(new HttpClientLimits { MaxConnectionsPerServer = 10 });
        var url = server.PingUri.ToString();
        var scenario = Scenario.Create("capped", async ctx => await Http.Send(http, Http.CreateRequest("GET", url), ctx))
            .WithLoadSimulations(Simulation.Inject(200, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), maxInFlight: 10));

        var result = await RunWithStallAsync(server, scenario, ct);

        var schedule = result.Scenario("capped").Stats.Schedule;
        schedule.Intended.Should().Be(400);
        schedule.Dropped.Should().BeGreaterThan(4, "while the server stalled, the 10 slots filled and later arrivals had nowhere to go");
        schedule.PeakInFlight.Should().Be(10);
        result.Thresholds.Single(t => t.EngineRule).Outcome.Should().Be(ThresholdOutcome.Failed);
        result.ExitCode.Should().Be(ExitCodes.ThresholdsFailed);
        result.Scenario("capped").Warnings.Should().Contain(w => w.Contains("dropped", StringComparison.Ordinal));
    }

    private static async Task<RunResult> RunWithStallAsync(LoopbackServer server, ScenarioProps scenario, CancellationToken ct)
    {
        var runner = LoadRunner.RegisterScenarios(scenario).WithConsole(null);
        var running = runner.RunAsync(ct);
        await Task.Delay(TimeSpan.FromSeconds(1), ct);
        server.Stall(Stall);
        runner.MarkEvent("stall");
        return await running;
    }
}
