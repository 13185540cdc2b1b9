using EduPlatform.Load.Scheduling;

namespace EduPlatform.Load.Running;

/// <summary>
/// The ticker's view of one scenario: drains its recorder each second into the run total, the
/// per-second intervals and a ring of the last few seconds, and judges windowed and abortOnFail
/// thresholds as the run goes. Memory is bounded by the longest window, not the run length.
/// </summary>
internal sealed class ScenarioTimeline
{
    private readonly ScenarioProps _props;
    private readonly LoadProfile _profile;
    private readonly Threshold[] _thresholds;
    private readonly Queue<(double AtSeconds, ScenarioSample Sample)> _ring = new();
    private readonly int _ringSeconds;
    private readonly Dictionary<Threshold, WindowVerdict> _windows = [];
    private readonly List<IntervalStats> _intervals = [];
    private double _lastTickSeconds;

    public ScenarioTimeline(ScenarioProps props, ScenarioRecorder recorder)
    {
        _props = props;
        Recorder = recorder;
        _profile = LoadProfile.Of(props.LoadSimulations);
        _thresholds = _profile.Model == "closed"
            ? props.Thresholds.ToArray()
            : [Threshold.DroppedAtMostOnePercent(), .. props.Thresholds];
        _ringSeconds = _thresholds.Select(t => (int)(t.Window?.TotalSeconds ?? 0)).DefaultIfEmpty(0).Max();
        foreach (var windowed in _thresholds.Where(t => t.Window is not null))
        {
            _windows[windowed] = new WindowVerdict();
        }
    }

    public ScenarioRecorder Recorder { get; }

    public string Name => _props.Name;

    public LoadProfile Profile => _profile;

    public ScenarioSample Total { get; } = new();

    public IntervalStats? LastInterval => _intervals.Count == 0 ? null : _intervals[^1];

    /// <summary>Drains one interval; returns why the run must abort, if an abortOnFail threshold failed.</summary>
    public string? Tick(double atSeconds)
    {
        var sample = Recorder.TakeInterval();
        Total.Add(sample);
        _intervals.Add(ToInterval(atSeconds, sample));
        var span = atSeconds - _lastTickSeconds;
        _lastTickSeconds = atSeconds;

        string? abort = null;
        if (_ringSeconds > 0)
        {
            _ring.Enqueue((atSeconds, sample));
            while (_ring.Count > _ringSeconds)
            {
                _ring.Dequeue();
            }

            foreach (var (threshold, verdict) in _windows)
            {
                var seconds = (int)threshold.Window!.Value.TotalSeconds;
                // Judge full windows only; a final partial second still closes the last window.
                if (_ring.Count < seconds || span < 0.5)
                {
                    continue;
                }

                var window = new ScenarioSample();
                foreach (var (_, part) in _ring.Skip(_ring.Count - seconds))
                {
                    window.Add(part);
                }

                var windowSeconds = atSeconds - _ring.ElementAt(_ring.Count - seconds).AtSeconds + 1;
                var outcome = threshold.Evaluate(window, () => Stats(window, windowSeconds, isWindow: true), windowSeconds);
                verdict.Record(atSeconds, outcome);
                if (threshold.AbortsOnFail && outcome.Outcome == ThresholdOutcome.Failed && atSeconds >= threshold.DelayAbortEval.TotalSeconds)
                {
                    abort ??= $"abortOnFail: '{threshold}' failed in the window ending at {atSeconds:0}s ({outcome.Measured})";
                }
            }
        }

        foreach (var threshold in _thresholds.Where(t => t.AbortsOnFail && t.Window is null))
        {
            if (atSeconds < threshold.DelayAbortEval.TotalSeconds)
            {
                continue;
            }

            var outcome = threshold.Evaluate(Total, () => Stats(Total, atSeconds, isWindow: false), atSeconds);
            if (outcome.Outcome == ThresholdOutcome.Failed)
            {
                abort ??= $"abortOnFail: '{threshold}' failed at {atSeconds:0}s ({outcome.Measured})";
            }
        }

        return abort;
    }

    public (ScenarioResult Result, IReadOnlyList<ThresholdResult> Thresholds) Finish(double durationSeconds, string? abortReason)
    {
        var stats = Stats(Total, durationSeconds, isWindow: false);
        var results = new List<ThresholdResult>();
        foreach (var threshold in _thresholds)
        {
            var scope = threshold.Window is { } w ? $"every {w.TotalSeconds:0}s window" : "whole run";
            var (outcome, measured, note) = threshold.Window is null
                ? threshold.Evaluate(Total, () => stats, durationSeconds)
                : _windows[threshold].Final();
            results.Add(new ThresholdResult
            {
                Scenario = Name,
                Step = threshold.StepName,
                Expression = threshold.Description,
                Scope = scope,
                Outcome = outcome,
                Measured = measured,
                Note = threshold.IsEngineRule
                    ? "engine rule: a run that cannot keep its schedule cannot report its latencies" + (note is null ? "" : $"; {note}")
                    : note,
                Timing = threshold.IsTiming,
                EngineRule = threshold.IsEngineRule,
                AbortedRun = abortReason?.Contains($"'{threshold}'", StringComparison.Ordinal) == true,
            });
        }

        var result = new ScenarioResult
        {
            Stats = stats,
            Simulations = _props.LoadSimulations
                .Select(s => new SimulationDescription(s.Describe(), s.K6Executor, s.IsOpenModel))
                .ToArray(),
            Intervals = _intervals.ToArray(),
            Warnings = Warnings(stats),
        };
        return (result, results);
    }

    private ScenarioStats Stats(ScenarioSample sample, double seconds, bool isWindow) =>
        sample.ToStats(Name, seconds, _profile.Model, isWindow ? (seconds > 0 ? sample.Intended / seconds : 0) : _profile.TargetRps);

    private static IntervalStats ToInterval(double atSeconds, ScenarioSample sample)
    {
        var ok = sample.Iterations.OkLatency;
        return new IntervalStats
        {
            AtSeconds = Math.Round(atSeconds, 3),
            Intended = sample.Intended,
            Started = sample.Started,
            Dropped = sample.Dropped,
            Late = sample.Late,
            Ok = sample.Iterations.OkCount,
            Fail = sample.Iterations.FailCount,
            Bytes = sample.Iterations.OkBytes + sample.Iterations.FailBytes,
            P50Ms = LatencyStats.ValueAt(ok, 50),
            P95Ms = LatencyStats.ValueAt(ok, 95),
            P99Ms = LatencyStats.ValueAt(ok, 99),
            MaxMs = ok.TotalCount == 0 ? 0 : LatencyStats.ValueAt(ok, 100),
            SchedulingLagP99Ms = LatencyStats.ValueAt(sample.SchedulingLag, 99),
            InFlight = sample.PeakInFlight,
            StatusCodes = new SortedDictionary<string, long>(sample.Iterations.StatusCodes, StringComparer.Ordinal),
        };
    }

    private string[] Warnings(ScenarioStats stats)
    {
        var warnings = new List<string>();
        if (_profile.Model != "open")
        {
            warnings.Add("closed model: a copy sends its next request only after the previous one returns, so a stall "
                         + "delays requests instead of recording them as slow (coordinated omission). "
                         + "Latency claims should use Inject / RampingInject.");
        }

        if (stats.AllCount == 0)
        {
            warnings.Add("no iteration completed: there is nothing to judge");
        }

        foreach (var label in stats.Ok.Latency.UnreliablePercentiles)
        {
            var percentile = LatencyStats.ReportedPercentiles.First(p => p.Label == label).Percentile;
            warnings.Add($"{label} from {stats.Ok.Count:N0} ok samples (needs {Load.Stats.PercentileSampleRule.RequiredSamples(percentile):N0}): shown, but not reliable");
        }

        if (stats.Schedule.Dropped > 0)
        {
            warnings.Add($"{stats.Schedule.Dropped:N0} of {stats.Schedule.Intended:N0} arrivals dropped: the in-flight cap was reached");
        }

        return warnings.ToArray();
    }

    /// <summary>The running verdict of one windowed threshold: any failing window fails it.</summary>
    private sealed class WindowVerdict
    {
        private int _windows;
        private int _failed;
        private int _inconclusive;
        private (double At, string Measured, string? Note)? _firstFailure;
        private (double At, string Measured, string? Note)? _firstInconclusive;
        private (double At, string Measured)? _last;

        public void Record(double atSeconds, (ThresholdOutcome Outcome, string Measured, string? Note) outcome)
        {
            _windows++;
            _last = (atSeconds, outcome.Measured);
            switch (outcome.Outcome)
            {
                case ThresholdOutcome.Failed:
                    _failed++;
                    _firstFailure ??= (atSeconds, outcome.Measured, outcome.Note);
                    break;
                case ThresholdOutcome.Inconclusive:
                    _inconclusive++;
                    _firstInconclusive ??= (atSeconds, outcome.Measured, outcome.Note);
                    break;
            }
        }

        public (ThresholdOutcome, string, string?) Final()
        {
            if (_windows == 0)
            {
                return (ThresholdOutcome.Inconclusive, "n/a", "the run was shorter than one window");
            }

            if (_firstFailure is { } f)
            {
                return (ThresholdOutcome.Failed, $"{f.Measured} in the window ending at {f.At:0}s",
                    $"{_failed} of {_windows} windows failed");
            }

            if (_firstInconclusive is { } i)
            {
                return (ThresholdOutcome.Inconclusive, $"{i.Measured} in the window ending at {i.At:0}s",
                    $"{_inconclusive} of {_windows} windows could not be judged: {i.Note}");
            }

            return (ThresholdOutcome.Passed, $"all {_windows} windows passed (last: {_last!.Value.Measured})", null);
        }
    }
}
