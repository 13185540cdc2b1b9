using EduPlatform.Load.Reports;
using EduPlatform.Load.Scheduling;
using EduPlatform.Load.Stats;
using Spectre.Console;

namespace EduPlatform.Load;

/// <summary>
/// Runs registered scenarios side by side, as NBomber's runner does:
/// <c>await LoadRunner.RegisterScenarios(s).WithReportFolder("reports").RunAsync()</c>.
/// Order: every init, then warm-up (samples discarded), then the measured run, then every
/// clean (always), then thresholds, reports and the console summary.
/// </summary>
public sealed class LoadRunner
{
    private readonly ScenarioProps[] _scenarios;
    private readonly RunEventLog _events = new();
    private FaultPlan _faults = FaultPlan.None;
    private string _runName = "load-run";
    private string? _reportFolder;
    private ReportFormats _formats = ReportFormats.All;
    private IAnsiConsole? _console = AnsiConsole.Console;
    private RunResult? _contrast;

    private LoadRunner(ScenarioProps[] scenarios) => _scenarios = scenarios;

    public static LoadRunner RegisterScenarios(params ScenarioProps[] scenarios)
    {
        ArgumentNullException.ThrowIfNull(scenarios);
        if (scenarios.Length == 0)
        {
            throw new ArgumentException("register at least one scenario", nameof(scenarios));
        }

        var duplicate = scenarios.GroupBy(s => s.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"two scenarios are named '{duplicate.Key}'", nameof(scenarios));
        }

        var missing = scenarios.FirstOrDefault(s => s.LoadSimulations.Count == 0);
        if (missing is not null)
        {
            throw new ArgumentException($"scenario '{missing.Name}' has no load simulation: call WithLoadSimulations", nameof(scenarios));
        }

        return new LoadRunner(scenarios);
    }

    public LoadRunner WithRunName(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        _runName = name;
        return this;
    }

    /// <summary>Write reports into this folder (created if missing). Without it, nothing is written.</summary>
    public LoadRunner WithReportFolder(string folder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        _reportFolder = folder;
        return this;
    }

    public LoadRunner WithReportFormats(ReportFormats formats)
    {
        _formats = formats;
        return this;
    }

    /// <summary>Where live progress and the summary go; null for silence (tests).</summary>
    public LoadRunner WithConsole(IAnsiConsole? console)
    {
        _console = console;
        return this;
    }

    /// <summary>A run of the same load without the pattern, shown beside this one in the reports.</summary>
    public LoadRunner WithContrast(RunResult contrast)
    {
        _contrast = contrast;
        return this;
    }

    /// <summary>Faults to inject during the measured run, each at its offset from the run's start, marked when done.</summary>
    public LoadRunner WithFaults(FaultPlan faults)
    {
        ArgumentNullException.ThrowIfNull(faults);
        _faults = faults;
        return this;
    }

    /// <summary>Marks a named event (e.g. "instance killed") on the current run's timeline; thread-safe.</summary>
    public void MarkEvent(string name) => _events.Mark(name, scenario: null);

    public async Task<RunResult> RunAsync(CancellationToken cancellationToken = default)
    {
        using var abort = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var startedAt = DateTimeOffset.UtcNow;
        var initialized = new List<ScenarioProps>();
        var errors = new List<string>();
        RunResult? result = null;
        try
        {
            foreach (var scenario in _scenarios)
            {
                if (scenario.Init is not null)
                {
                    await scenario.Init(new ScenarioInitContext(scenario.Name, _events, abort.Token));
                }

                initialized.Add(scenario);
            }

            await WarmUpAsync(abort.Token);
            result = await MeasureAsync(startedAt, abort);
        }
#pragma warning disable CA1031 // Any failure of the engine or of init is reported as an engine error (exit code 1).
        catch (Exception ex)
#pragma warning restore CA1031
        {
            errors.Add($"{ex.GetType().Name}: {ex.Message}");
        }
        finally
        {
            foreach (var scenario in initialized.Where(s => s.Clean is not null))
            {
                try
                {
                    await scenario.Clean!(new ScenarioInitContext(scenario.Name, _events, CancellationToken.None));
                }
#pragma warning disable CA1031 // A failing clean is reported, and must not stop the other cleans.
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    errors.Add($"clean of '{scenario.Name}' failed: {ex.GetType().Name}: {ex.Message}");
                }
            }
        }

        result ??= new RunResult { Name = _runName, StartedAtUtc = startedAt, Events = _events.Snapshot() };
        if (errors.Count > 0)
        {
            result = result with { EngineError = string.Join("; ", new[] { result.EngineError }.OfType<string>().Concat(errors)) };
        }

        if (_reportFolder is not null)
        {
            try
            {
                ReportWriter.Write(result, _reportFolder, _formats, _contrast);
            }
            catch (IOException ex)
            {
                result = result with { EngineError = $"could not write reports: {ex.Message}" };
            }
        }

        if (_console is not null)
        {
            ConsoleReport.WriteSummary(_console, result, _reportFolder);
        }

        return result;
    }

    private async Task WarmUpAsync(CancellationToken cancellationToken)
    {
        var warmed = _scenarios.Where(s => s.WarmUpDuration > TimeSpan.Zero).ToArray();
        if (warmed.Length == 0)
        {
            return;
        }

        _console?.MarkupLine($"[grey]warm-up: {warmed.Max(s => s.WarmUpDuration).TotalSeconds:0.#}s, samples discarded[/]");
        var start = MonotonicClock.Now();
        await Task.WhenAll(warmed.Select(s =>
        {
            var runner = new IterationRunner(s, new ScenarioRecorder(s.Name), _events, isWarmUp: true, cancellationToken);
            var deadline = start + MonotonicClock.FromSeconds(s.WarmUpDuration.TotalSeconds);
            return ScenarioDriver.RunAsync(s, runner, start, deadline, cancellationToken);
        }));
    }

    private async Task<RunResult> MeasureAsync(DateTimeOffset startedAt, CancellationTokenSource abort)
    {
        var timelines = _scenarios.Select(s => new Running.ScenarioTimeline(s, new ScenarioRecorder(s.Name))).ToArray();
        var monitor = new Running.GeneratorMonitor();
        string? abortReason = null;
        var progress = _console is null ? null : new ConsoleProgress(_console);

        var start = MonotonicClock.Now();
        _events.SetOrigin(start);
        var ticker = new Running.RunTicker(timelines, monitor, start, reason =>
        {
            if (Interlocked.CompareExchange(ref abortReason, reason, null) is null)
            {
                // Cancel off the ticker thread: cancellation callbacks may run continuations inline.
                _ = Task.Run(abort.Cancel);
            }
        }, progress is null ? null : progress.Update);
        ticker.Start();

        var drivers = _scenarios.Zip(timelines, (s, t) =>
        {
            var runner = new IterationRunner(s, t.Recorder, _events, isWarmUp: false, abort.Token);
            return ScenarioDriver.RunAsync(s, runner, start, long.MaxValue, abort.Token);
        }).ToArray();

        var all = Task.WhenAll(drivers);
        var faults = Running.FaultTimeline.RunAsync(_faults, start, _events, all, abort.Token);
        IReadOnlyList<string> faultProblems;
        long end;
        try
        {
            await (progress is null ? all : progress.WatchAsync(all));
        }
        finally
        {
            // The run ends when its last iteration completed, not when the ticker noticed.
            end = MonotonicClock.Now();
            await ticker.StopAsync(end);
            faultProblems = await CompletedFaultsAsync(faults);
        }

        var duration = MonotonicClock.ToSeconds(end - start);
        if (abortReason is null && abort.IsCancellationRequested)
        {
            abortReason = "cancelled by the caller";
        }

        var finished = timelines.Select(t => t.Finish(duration, abortReason)).ToArray();
        var scenarios = finished.Select(f => f.Result).ToArray();
        var tolerance = _scenarios.Min(s => s.LateTolerance).TotalMilliseconds;
        return new RunResult
        {
            Name = _runName,
            StartedAtUtc = startedAt,
            DurationSeconds = Math.Round(duration, 3),
            WarmUpSeconds = _scenarios.Max(s => s.WarmUpDuration).TotalSeconds,
            Aborted = abortReason is not null,
            AbortReason = abortReason,
            Scenarios = scenarios,
            Thresholds = finished.SelectMany(f => f.Thresholds).ToArray(),
            Events = _events.Snapshot(),
            Generator = monitor.Judge(scenarios, tolerance),
            EngineError = faultProblems.Count > 0 ? string.Join("; ", faultProblems) : null,
        };
    }

    // A run aborted or cancelled stops its fault timeline too; its faults are not the run's error then.
    private static async Task<IReadOnlyList<string>> CompletedFaultsAsync(Task<IReadOnlyList<string>> faults)
    {
        try
        {
            return await faults;
        }
        catch (OperationCanceledException)
        {
            return [];
        }
    }
}
