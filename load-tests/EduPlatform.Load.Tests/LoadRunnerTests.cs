namespace EduPlatform.Load.Tests;

/// <summary>The runner's contract, on in-process scenarios (no network): phases, warm-up, steps, thresholds, exit codes.</summary>
public sealed class LoadRunnerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Task<RunResult> Run(params ScenarioProps[] scenarios) =>
        LoadRunner.RegisterScenarios(scenarios).WithConsole(null).RunAsync(Ct);

    [Fact]
    public async Task Passing_thresholds_exit_0_failing_ones_exit_99()
    {
        var fast = Scenario.Create("fast", _ => Task.FromResult(Response.Ok()))
            .WithLoadSimulations(Simulation.Inject(100, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)));

        var passed = await Run(fast.WithThresholds(Threshold.Parse("rate==0"), Threshold.Parse("max<1000")));
        var failed = await Run(fast.WithThresholds(Threshold.Parse("count>1000")));

        passed.ExitCode.Should().Be(ExitCodes.Passed);
        failed.ExitCode.Should().Be(ExitCodes.ThresholdsFailed);
        failed.Thresholds.Should().Contain(t => t.Expression == "count>1000" && t.Outcome == ThresholdOutcome.Failed);
    }

    [Fact]
    public async Task An_init_that_throws_is_an_engine_error_exit_1_and_clean_still_runs_for_what_was_initialized()
    {
        var cleaned = new List<string>();
        var good = Scenario.Create("good", _ => Task.FromResult(Response.Ok()))
            .WithLoadSimulations(Simulation.Inject(10, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)))
            .WithClean(_ =>
            {
                cleaned.Add("good");
                return Task.CompletedTask;
            });
        var broken = Scenario.Create("broken", _ => Task.FromResult(Response.Ok()))
            .WithLoadSimulations(Simulation.Inject(10, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)))
            .WithInit(_ => throw new InvalidOperationException("database unreachable"));

        var result = await Run(good, broken);

        result.ExitCode.Should().Be(ExitCodes.EngineError);
        result.EngineError.Should().Contain("database unreachable");
        cleaned.Should().Equal("good");
    }

    [Fact]
    public async Task Warm_up_runs_the_load_then_discards_its_samples()
    {
        long warmUpIterations = 0;
        var scenario = Scenario.Create("warm", ctx =>
            {
                if (ctx.IsWarmUp)
                {
                    Interlocked.Increment(ref warmUpIterations);
                    return Task.FromResult(Response.Fail("warm-up"));
                }

                return Task.FromResult(Response.Ok());
            })
            .WithWarmUpDuration(TimeSpan.FromSeconds(1))
            .WithLoadSimulations(Simulation.Inject(100, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)));

        var result = await Run(scenario);

        Interlocked.Read(ref warmUpIterations).Should().BeInRange(90, 100, "warm-up ran the first second of the profile");
        var stats = result.Scenario("warm").Stats;
        stats.Fail.Count.Should().Be(0, "warm-up samples were discarded");
        stats.Ok.Count.Should().Be(100);
        result.WarmUpSeconds.Should().Be(1);
    }

    [Fact]
    public async Task Steps_get_their_own_statistics_and_a_failed_step_ends_the_iteration_with_its_status()
    {
        var scenario = Scenario.Create("steps", async ctx =>
            {
                var login = await Step.Run("login", ctx, () => Task.FromResult(Response.OkWith("token-123", statusCode: "200", sizeBytes: 10)));
                login.Payload.Should().Be("token-123");
                await Step.Run("browse", ctx, () => Task.FromResult(
                    ctx.InvocationNumber % 4 == 0 ? Response.Fail("503", sizeBytes: 1) : Response.Ok("200", sizeBytes: 100)));
                await Step.Run("never-after-a-failure", ctx, () => Task.FromResult(Response.Ok()));
                return Response.Ok();
            })
            .WithLoadSimulations(Simulation.IterationsForInject(200, TimeSpan.FromSeconds(1), 100));

        var stats = (await Run(scenario)).Scenario("steps").Stats;

        stats.Step("login").Ok.Count.Should().Be(100);
        stats.Step("login").Ok.Bytes.Should().Be(1000);
        stats.Step("browse").Fail.Count.Should().Be(25);
        stats.Step("browse").StatusCodes["503"].Should().Be(25);
        stats.Step("never-after-a-failure").Ok.Count.Should().Be(75);
        stats.Fail.Count.Should().Be(25);
        stats.StatusCodes["503"].Should().Be(25, "the iteration failed with the failing step's status code");
        stats.Ok.Bytes.Should().Be(75 * 110, "an iteration's bytes are its steps' bytes");
    }

    [Fact]
    public async Task A_step_named_by_its_outcome_keeps_each_kind_of_answer_in_its_own_statistics()
    {
        var scenario = Scenario.Create("outcomes", async ctx =>
            {
                await Step.Run(ctx, async () =>
                {
                    if (ctx.InvocationNumber % 4 == 0)
                    {
                        return Response.Fail("503", message: "rejected at once");
                    }

                    await Task.Delay(TimeSpan.FromMilliseconds(40), ctx.CancellationToken);
                    return Response.Ok("200", sizeBytes: 10);
                }, response => response.IsError ? "rejected" : "answered");
                return Response.Ok();
            })
            .WithLoadSimulations(Simulation.IterationsForInject(200, TimeSpan.FromSeconds(1), 100))
            .WithThresholds(Threshold.ForStep("answered", "count==75"), Threshold.ForStep("rejected", "fail_count==25"));

        var run = await Run(scenario);
        var stats = run.Scenario("outcomes").Stats;

        stats.Steps.Select(step => step.Name).Should().BeEquivalentTo("answered", "rejected");
        stats.Step("answered").Ok.Count.Should().Be(75);
        stats.Step("answered").Fail.Count.Should().Be(0);
        stats.Step("answered").Ok.ServiceTime.MinMs.Should().BeGreaterThan(30, "the slow outcome (a 40 ms wait) is measured on its own, not blended with instant rejections");
        stats.Step("rejected").Fail.Count.Should().Be(25);
        stats.Step("rejected").Ok.Count.Should().Be(0);
        stats.StatusCodes["503"].Should().Be(25, "a failed outcome still ends its iteration as failed");
        run.Thresholds.Where(t => t.Step is not null).Should().OnlyContain(t => t.Outcome == ThresholdOutcome.Passed,
            "thresholds find a step by the name its outcome gave it");
    }

    [Fact]
    public async Task A_throwing_scenario_is_a_measured_failure_with_status_exception_not_a_crash()
    {
        var scenario = Scenario.Create("throws", _ => throw new TimeoutException("backend slow"))
            .WithLoadSimulations(Simulation.IterationsForConstant(2, 10));

        var result = await Run(scenario);

        result.ExitCode.Should().Be(ExitCodes.Passed, "no threshold judged it");
        result.Scenario("throws").Stats.Fail.Count.Should().Be(10);
        result.Scenario("throws").Stats.StatusCodes.Should().ContainKey("exception");
    }

    [Fact]
    public async Task Shared_iterations_run_exactly_n_times_across_the_copies()
    {
        var probe = new ConcurrencyProbe();
        var scenario = Scenario.Create("shared", _ => probe.RunAsync(TimeSpan.FromMilliseconds(2)))
            .WithLoadSimulations(Simulation.IterationsForConstant(copies: 4, iterations: 123));

        var stats = (await Run(scenario)).Scenario("shared").Stats;

        stats.Ok.Count.Should().Be(123);
        probe.Peak.Should().BeLessThanOrEqualTo(4, "never more copies than asked");
        stats.Schedule.Model.Should().Be("closed");
        stats.Schedule.TargetRps.Should().Be(0);
    }

    [Fact]
    public async Task Keep_constant_runs_exactly_the_given_number_of_copies_concurrently()
    {
        var probe = new ConcurrencyProbe();
        var scenario = Scenario.Create("copies", _ => probe.RunAsync(TimeSpan.FromMilliseconds(10)))
            .WithLoadSimulations(Simulation.KeepConstant(5, TimeSpan.FromSeconds(1)));

        var result = await Run(scenario);

        probe.Peak.Should().Be(5);
        result.Scenario("copies").Stats.Schedule.PeakInFlight.Should().Be(5);
        result.Scenario("copies").Warnings.Should().Contain(w => w.Contains("coordinated omission", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Synchronous_closed_model_copies_do_not_starve_the_run_of_its_end()
    {
        var scenario = Scenario.Create("sync", _ => Task.FromResult(Response.Ok()))
            .WithLoadSimulations(Simulation.KeepConstant(8, TimeSpan.FromSeconds(1)));

        var result = await Run(scenario);

        result.DurationSeconds.Should().BeLessThan(5, "a 1 s phase ends about when planned even if no iteration ever awaits");
        result.Scenario("sync").Stats.Ok.Count.Should().BeGreaterThan(1_000);
    }

    [Fact]
    public async Task Phases_run_in_order_ramps_start_from_the_previous_rate_and_pauses_send_nothing()
    {
        var scenario = Scenario.Create("phases", _ => Task.FromResult(Response.Ok()))
            .WithLoadSimulations(
                Simulation.RampingInject(200, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)),
                Simulation.Pause(TimeSpan.FromSeconds(1)),
                Simulation.Inject(100, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)),
                Simulation.RampingInject(0, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)));

        var result = await Run(scenario);

        var stats = result.Scenario("phases").Stats;
        stats.Schedule.Intended.Should().Be(100 + 0 + 100 + 50, "ramp 0->200 over 1 s, pause, 100 for 1 s, ramp 100->0 over 1 s");
        stats.Ok.Count.Should().Be(250);
        var intervals = result.Scenario("phases").Intervals;
        intervals.Should().HaveCountGreaterThanOrEqualTo(4);
        intervals[1].Intended.Should().BeLessThanOrEqualTo(5, "the second second is the pause (a start may straddle the tick)");
        result.Scenario("phases").Simulations.Select(s => s.K6Executor).Should().Equal(
            "ramping-arrival-rate", "stage with target 0 / startTime gap", "constant-arrival-rate", "ramping-arrival-rate");
    }

    [Fact]
    public async Task AbortOnFail_stops_the_run_early_and_says_why()
    {
        var scenario = Scenario.Create("failing", _ => Task.FromResult(Response.Fail("500")))
            .WithLoadSimulations(Simulation.Inject(50, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30)))
            .WithThresholds(Threshold.Parse("rate<0.01, abortOnFail"));

        var result = await Run(scenario);

        result.Aborted.Should().BeTrue();
        result.AbortReason.Should().Contain("rate<0.01");
        result.DurationSeconds.Should().BeLessThan(10, "the 30 s run was cut short");
        result.ExitCode.Should().Be(ExitCodes.ThresholdsFailed);
        result.Thresholds.Single(t => t.Expression == "rate<0.01").AbortedRun.Should().BeTrue();
    }

    [Fact]
    public async Task A_windowed_threshold_catches_a_bad_window_that_the_whole_run_average_hides()
    {
        var start = DateTime.UtcNow;
        var scenario = Scenario.Create("bad-second", _ =>
            {
                var elapsed = (DateTime.UtcNow - start).TotalSeconds;
                return Task.FromResult(elapsed is > 1.2 and < 1.8 ? Response.Fail("500") : Response.Ok());
            })
            .WithLoadSimulations(Simulation.Inject(100, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(4)))
            .WithThresholds(Threshold.Parse("rate<0.2"), Threshold.Parse("rate<0.2, window=1s"));

        start = DateTime.UtcNow;
        var result = await Run(scenario);

        result.Thresholds.Single(t => t.Scope == "whole run" && t.Expression == "rate<0.2").Outcome.Should().Be(ThresholdOutcome.Passed);
        var windowed = result.Thresholds.Single(t => t.Scope == "every 1s window");
        windowed.Outcome.Should().Be(ThresholdOutcome.Failed);
        windowed.Note.Should().MatchRegex("[0-9]+ of [0-9]+ windows failed");
    }

    [Fact]
    public async Task Events_marked_by_scenarios_and_by_the_runner_land_on_the_timeline()
    {
        var scenario = Scenario.Create("events", ctx =>
            {
                if (ctx.InvocationNumber == 50)
                {
                    ctx.MarkEvent("instance killed");
                }

                return Task.FromResult(Response.Ok());
            })
            .WithLoadSimulations(Simulation.Inject(100, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)));
        var runner = LoadRunner.RegisterScenarios(scenario).WithConsole(null);

        var running = runner.RunAsync(Ct);
        runner.MarkEvent("run started");
        var result = await running;

        result.Events.Should().HaveCount(2);
        var killed = result.Events.Single(e => e.Name == "instance killed");
        killed.Scenario.Should().Be("events");
        killed.AtSeconds.Should().BeInRange(0.3, 0.9, "the 51st of 100 evenly spaced starts is at 0.505 s");
    }

    [Fact]
    public void Registering_scenarios_without_a_load_simulation_or_with_duplicate_names_is_refused()
    {
        var bare = Scenario.Create("bare", _ => Task.FromResult(Response.Ok()));
        var ok = bare.WithLoadSimulations(Simulation.Inject(1, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)));

        FluentActions.Invoking(() => LoadRunner.RegisterScenarios(bare)).Should().Throw<ArgumentException>().WithMessage("*no load simulation*");
        FluentActions.Invoking(() => LoadRunner.RegisterScenarios(ok, ok)).Should().Throw<ArgumentException>().WithMessage("*two scenarios*");
        FluentActions.Invoking(() => Simulation.Inject(10, TimeSpan.Zero, TimeSpan.FromSeconds(1))).Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public async Task The_console_shows_progress_and_a_summary_with_the_verdict()
    {
        var console = new RecordingConsole();
        var scenario = Scenario.Create("visible", _ => Task.FromResult(Response.Ok()))
            .WithLoadSimulations(Simulation.Inject(50, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)))
            .WithThresholds(Threshold.Parse("p(50)<1000"));

        await LoadRunner.RegisterScenarios(scenario).WithRunName("visible-run").WithConsole(console.Console).RunAsync(Ct);

        console.Output.Should().MatchRegex(@"\[\s+[01]s\] visible: ", "a progress line on a non-interactive console, the first one whenever the ticker reached it");
        console.Output.Should().Contain("visible-run: PASSED").And.Contain("p(50)<1000").And.Contain("pass");
    }

    /// <summary>An iteration that takes a while and records how many ran at once.</summary>
    private sealed class ConcurrencyProbe
    {
        private int _concurrent;
        private int _peak;

        public int Peak => Volatile.Read(ref _peak);

        public async Task<Response> RunAsync(TimeSpan duration)
        {
            var now = Interlocked.Increment(ref _concurrent);
            int peak;
            while (now > (peak = Volatile.Read(ref _peak)) && Interlocked.CompareExchange(ref _peak, now, peak) != peak)
            {
            }

            await Task.Delay(duration, Ct);
            Interlocked.Decrement(ref _concurrent);
            return Response.Ok();
        }
    }
}
