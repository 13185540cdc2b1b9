using EduPlatform.Load.Reports;
using Spectre.Console;

namespace EduPlatform.Load.Proving;

/// <summary>
/// What a claim gets to work with: quick mode, cancellation, its report folder, a way to run
/// scenarios (reports written for it) with a fault plan, a contrast run shown beside the main one
/// (or both at once: <see cref="RunPairAsync{TSystem}"/>), and correctness checks.
/// </summary>
public sealed class ClaimContext
{
    private readonly IClaim _claim;
    private readonly List<ClaimCheck> _checks = [];
    private LoadRunner? _active;
    private RunResult? _run;
    private RunResult? _contrast;

    internal ClaimContext(IClaim claim, bool quick, string reportFolder, IAnsiConsole? console, CancellationToken cancellationToken)
    {
        _claim = claim;
        Quick = quick;
        ReportFolder = reportFolder;
        Console = console;
        CancellationToken = cancellationToken;
    }

    /// <summary>Short runs for CI smoke: timing thresholds are reported but not enforced.</summary>
    public bool Quick { get; }

    public CancellationToken CancellationToken { get; }

    /// <summary>This claim's own folder inside the prove run's report folder.</summary>
    public string ReportFolder { get; }

    public IAnsiConsole? Console { get; }

    /// <summary>Picks the full or the quick length of a phase.</summary>
    public TimeSpan Duration(TimeSpan full, TimeSpan quick) => Quick ? quick : full;

    /// <summary>Picks the full or the quick value of anything (a rate, a count).</summary>
    public T Pick<T>(T full, T quick) => Quick ? quick : full;

    /// <summary>The claim's main run. Its thresholds decide the verdict.</summary>
    public Task<RunResult> RunAsync(params ScenarioProps[] scenarios) => RunAsync(FaultPlan.None, scenarios);

    /// <summary>The claim's main run with faults injected on its clock (each marked on the report when it happened).</summary>
    public async Task<RunResult> RunAsync(FaultPlan faults, params ScenarioProps[] scenarios)
    {
        if (_run is not null)
        {
            throw new InvalidOperationException($"claim '{_claim.Name}' already has its main run");
        }

        _run = await RunCoreAsync(_claim.Name, ReportFolder, new RunPlan(scenarios, faults));
        ShowContrastBesideRun();
        return _run;
    }

    /// <summary>The same load without the pattern. Shown beside the main run; its thresholds do not decide the verdict.</summary>
    public Task<RunResult> RunContrastAsync(params ScenarioProps[] scenarios) => RunContrastAsync(FaultPlan.None, scenarios);

    /// <summary>The contrast run with the same faults as the main run, so the two differ by the pattern only.</summary>
    public async Task<RunResult> RunContrastAsync(FaultPlan faults, params ScenarioProps[] scenarios)
    {
        if (_contrast is not null)
        {
            throw new InvalidOperationException($"claim '{_claim.Name}' already has its contrast run");
        }

        _contrast = await RunCoreAsync($"{_claim.Name} (contrast)", Path.Combine(ReportFolder, "contrast"), new RunPlan(scenarios, faults));
        ShowContrastBesideRun();
        return _contrast;
    }

    /// <summary>
    /// "With and without the pattern": starts the system with the pattern, runs <paramref name="plan"/> on it as the main
    /// run and disposes it; then starts it without the pattern and runs the same plan as the contrast run. One system at
    /// a time, each fresh, so the two runs share nothing but the machine.
    /// </summary>
    public async Task<RunPair> RunPairAsync<TSystem>(
        Func<bool, CancellationToken, Task<TSystem>> start, Func<TSystem, RunPlan> plan)
        where TSystem : IAsyncDisposable
    {
        ArgumentNullException.ThrowIfNull(start);
        ArgumentNullException.ThrowIfNull(plan);
        var withPattern = await RunOnFreshSystemAsync(start, plan, withPattern: true);
        var withoutPattern = await RunOnFreshSystemAsync(start, plan, withPattern: false);
        return new RunPair(withPattern, withoutPattern);
    }

    /// <summary>Marks a named event ("instance killed") at this moment on the run in progress.</summary>
    public void MarkEvent(string name)
    {
        var active = Volatile.Read(ref _active)
                     ?? throw new InvalidOperationException("no run is in progress: mark events while RunAsync is running");
        active.MarkEvent(name);
    }

    /// <summary>A correctness check ("every request reached the server"): enforced even in quick mode.</summary>
    public void Check(string name, bool passed, string measured) => _checks.Add(new ClaimCheck(name, passed, measured));

    /// <summary>
    /// A timing check computed outside the thresholds ("the breaker opened within 5 s", "p99 at most 2x the baseline"):
    /// enforced by a full run, reported but not enforced in quick mode, like a timing threshold.
    /// </summary>
    public void CheckTiming(string name, bool passed, string measured) => _checks.Add(new ClaimCheck(name, passed, measured, Timing: true));

    /// <summary>The claim's result, judged by the prove runner.</summary>
    public ClaimResult Complete() => new()
    {
        Name = _claim.Name,
        Chapter = _claim.Chapter,
        Statement = _claim.Statement,
        Quick = Quick,
        Run = _run,
        Contrast = _contrast,
        Checks = _checks.ToArray(),
    };

    // Whichever of the two runs comes second, the main report is rewritten with the contrast beside it.
    private void ShowContrastBesideRun()
    {
        if (_run is not null && _contrast is not null)
        {
            ReportWriter.Write(_run, ReportFolder, ReportFormats.All, _contrast);
        }
    }

    private async Task<RunResult> RunOnFreshSystemAsync<TSystem>(
        Func<bool, CancellationToken, Task<TSystem>> start, Func<TSystem, RunPlan> plan, bool withPattern)
        where TSystem : IAsyncDisposable
    {
        var system = await start(withPattern, CancellationToken);
        await using (system)
        {
            var run = plan(system);
            return withPattern ? await RunAsync(run.Faults, [.. run.Scenarios]) : await RunContrastAsync(run.Faults, [.. run.Scenarios]);
        }
    }

    private async Task<RunResult> RunCoreAsync(string name, string folder, RunPlan plan)
    {
        var runner = LoadRunner.RegisterScenarios([.. plan.Scenarios])
            .WithFaults(plan.Faults)
            .WithRunName(name)
            .WithReportFolder(folder)
            .WithConsole(Console);
        Volatile.Write(ref _active, runner);
        try
        {
            return await runner.RunAsync(CancellationToken);
        }
        finally
        {
            Volatile.Write(ref _active, null);
        }
    }
}
