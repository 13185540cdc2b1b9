using EduPlatform.Load.Proving;

namespace EduPlatform.Load.Tests;

/// <summary>
/// "A fault at time T": the plan's actions run on the run's clock, never before their offset, each marked on the
/// timeline once done; a fault the run never reaches, or one that throws, makes the run an engine error.
/// </summary>
public sealed class FaultPlanTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ScenarioProps Steady(string name, TimeSpan duration) =>
        Scenario.Create(name, _ => Task.FromResult(Response.Ok()))
            .WithLoadSimulations(Simulation.Inject(50, TimeSpan.FromSeconds(1), duration));

    [Fact]
    public async Task Each_fault_runs_no_earlier_than_its_offset_in_order_and_is_marked_after_its_action()
    {
        var done = new List<string>();
        var faults = FaultPlan.None
            .At(TimeSpan.FromMilliseconds(900), "second", _ => Record(done, "second"))
            .At(TimeSpan.FromMilliseconds(300), "first", _ => Record(done, "first"))
            .Mark(TimeSpan.FromMilliseconds(600), "marked only");

        var result = await LoadRunner.RegisterScenarios(Steady("steady", TimeSpan.FromSeconds(2))).WithFaults(faults).RunAsync(Ct);

        result.ExitCode.Should().Be(ExitCodes.Passed, result.EngineError);
        done.Should().Equal("first", "second");
        result.Events.Select(e => e.Name).Should().Equal("first", "marked only", "second");
        result.Events.Single(e => e.Name == "first").AtSeconds.Should().BeGreaterThanOrEqualTo(0.3);
        result.Events.Single(e => e.Name == "marked only").AtSeconds.Should().BeGreaterThanOrEqualTo(0.6);
        result.Events.Single(e => e.Name == "second").AtSeconds.Should().BeGreaterThanOrEqualTo(0.9);
    }

    [Fact]
    public async Task A_fault_planned_after_the_run_ended_is_an_engine_error_not_a_run_without_its_fault()
    {
        var injected = false;
        var faults = FaultPlan.None.At(TimeSpan.FromSeconds(30), "too late", _ =>
        {
            injected = true;
            return Task.CompletedTask;
        });

        var result = await LoadRunner.RegisterScenarios(Steady("short", TimeSpan.FromSeconds(1))).WithFaults(faults).RunAsync(Ct);

        result.ExitCode.Should().Be(ExitCodes.EngineError);
        result.EngineError.Should().Contain("'too late' at 30 s was not reached");
        injected.Should().BeFalse();
        result.Events.Should().BeEmpty();
    }

    [Fact]
    public async Task A_fault_whose_action_throws_is_an_engine_error_and_is_not_marked()
    {
        var faults = FaultPlan.None.At(TimeSpan.FromMilliseconds(200), "kill", _ => throw new InvalidOperationException("no such process"));

        var result = await LoadRunner.RegisterScenarios(Steady("steady", TimeSpan.FromSeconds(1))).WithFaults(faults).RunAsync(Ct);

        result.ExitCode.Should().Be(ExitCodes.EngineError);
        result.EngineError.Should().Contain("'kill' failed").And.Contain("no such process");
        result.Events.Should().BeEmpty();
    }

    [Theory]
    [InlineData(-1, "kill")]
    [InlineData(1, " ")]
    public void A_fault_needs_a_name_and_a_non_negative_offset(int seconds, string name)
    {
        var plan = () => FaultPlan.None.Mark(TimeSpan.FromSeconds(seconds), name);

        plan.Should().Throw<ArgumentException>();
    }

    [Fact]
    public async Task A_run_pair_runs_each_side_on_a_fresh_system_disposed_before_the_next_starts()
    {
        var log = new List<string>();
        var claim = new PairClaim();
        var context = new ClaimContext(claim, quick: true, Path.Combine(AppContext.BaseDirectory, "TestResults", "run-pair"), console: null, Ct);

        var pair = await context.RunPairAsync(
            (withPattern, _) => Task.FromResult(new RecordedSystem(withPattern ? "with" : "without", log)),
            system => new RunPlan(
                [Steady(system.Name, TimeSpan.FromMilliseconds(500))],
                FaultPlan.None.At(TimeSpan.FromMilliseconds(100), $"fault on {system.Name}", _ => Record(log, $"fault on {system.Name}"))));
        var result = context.Complete();

        log.Should().Equal("start with", "fault on with", "dispose with", "start without", "fault on without", "dispose without");
        pair.WithPattern.Scenarios.Should().ContainSingle(s => s.Stats.Name == "with");
        pair.WithoutPattern.Scenarios.Should().ContainSingle(s => s.Stats.Name == "without");
        result.Run.Should().BeSameAs(pair.WithPattern, "the run with the pattern is the one judged");
        result.Contrast.Should().BeSameAs(pair.WithoutPattern);
        pair.WithoutPattern.Events.Should().ContainSingle(e => e.Name == "fault on without");
    }

    private static Task Record(List<string> log, string entry)
    {
        lock (log)
        {
            log.Add(entry);
        }

        return Task.CompletedTask;
    }

    private sealed class RecordedSystem : IAsyncDisposable
    {
        private readonly List<string> _log;

        public RecordedSystem(string name, List<string> log)
        {
            Name = name;
            _log = log;
            Record(log, $"start {name}");
        }

        public string Name { get; }

        public ValueTask DisposeAsync() => new(Record(_log, $"dispose {Name}"));
    }

    private sealed class PairClaim : IClaim
    {
        public string Name => "00-pair";

        public string Chapter => "00";

        public string Statement => "runs a pair";

        public Task<ClaimResult> RunAsync(ClaimContext context) => throw new NotSupportedException();
    }
}
