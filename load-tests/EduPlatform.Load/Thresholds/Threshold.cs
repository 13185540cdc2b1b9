using System.Globalization;
using System.Text.RegularExpressions;
using EduPlatform.Load.Scheduling;
using EduPlatform.Load.Thresholds;

namespace EduPlatform.Load;

/// <summary>
/// A pass/fail rule on a scenario (or one of its steps), judged on the whole run or on every
/// window of a given length. Two forms:
/// <list type="bullet">
/// <item>k6-style strings: <c>Threshold.Parse("p(99)&lt;50")</c>, <c>"rate&lt;0.001, abortOnFail, delayAbortEval=10s"</c>,
/// <c>"p(95)&lt;200, window=5s"</c>;</item>
/// <item>lambdas: <c>Threshold.Create("ok p99 under 50 ms", s =&gt; s.Ok.Latency.P99Ms &lt; 50)</c>.</item>
/// </list>
/// A string threshold on a percentile with too few samples is Inconclusive, which is not a pass.
/// </summary>
public sealed partial class Threshold
{
    private Threshold(string description, string? stepName)
    {
        Description = description;
        StepName = stepName;
    }

    public string Description { get; }

    public string? StepName { get; }

    /// <summary>Null: judged once on the whole run. Otherwise every full window of this length must pass.</summary>
    public TimeSpan? Window { get; private set; }

    public bool AbortsOnFail { get; private set; }

    public TimeSpan DelayAbortEval { get; private set; }

    /// <summary>Timing and statistical thresholds are reported but not enforced in quick mode; correctness ones are.</summary>
    public bool IsTiming { get; private set; } = true;

    internal bool IsEngineRule { get; private init; }

    internal ThresholdExpression? Expression { get; private init; }

    internal Func<ScenarioStats, bool>? ScenarioPredicate { get; private init; }

    internal Func<StepStats, bool>? StepPredicate { get; private init; }

    internal Func<ScenarioStats, string>? ScenarioMeasure { get; private init; }

    /// <summary>A k6-style threshold on the scenario's whole iterations.</summary>
    public static Threshold Parse(string expression) => ParseCore(expression, stepName: null);

    /// <summary>A k6-style threshold on one step.</summary>
    public static Threshold ForStep(string stepName, string expression)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(stepName);
        return ParseCore(expression, stepName);
    }

    /// <summary>A lambda on the scenario's statistics. <paramref name="measure"/> says what to print as "measured".</summary>
    public static Threshold Create(string description, Func<ScenarioStats, bool> predicate, Func<ScenarioStats, string>? measure = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(description);
        ArgumentNullException.ThrowIfNull(predicate);
        return new Threshold(description, null) { ScenarioPredicate = predicate, ScenarioMeasure = measure };
    }

    /// <summary>A lambda on one step's statistics.</summary>
    public static Threshold Create(string stepName, string description, Func<StepStats, bool> predicate)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(stepName);
        ArgumentException.ThrowIfNullOrWhiteSpace(description);
        ArgumentNullException.ThrowIfNull(predicate);
        return new Threshold(description, stepName) { StepPredicate = predicate };
    }

    /// <summary>Judge every window of <paramref name="window"/> (whole seconds, sliding by one second) instead of the whole run.</summary>
    public Threshold Over(TimeSpan window)
    {
        if (window < TimeSpan.FromSeconds(1))
        {
            throw new ArgumentOutOfRangeException(nameof(window), window, "windows are whole seconds, at least 1 s");
        }

        Window = TimeSpan.FromSeconds(Math.Round(window.TotalSeconds));
        return this;
    }

    /// <summary>k6 abortOnFail: stop the run as soon as this fails (checked each second, after <paramref name="delayAbortEval"/>).</summary>
    public Threshold AbortOnFail(TimeSpan? delayAbortEval = null)
    {
        AbortsOnFail = true;
        DelayAbortEval = delayAbortEval ?? TimeSpan.Zero;
        return this;
    }

    /// <summary>Mark as a correctness check: enforced even in quick mode.</summary>
    public Threshold AsCorrectness()
    {
        IsTiming = false;
        return this;
    }

    /// <summary>Mark as a timing claim: reported but not enforced in quick mode.</summary>
    public Threshold AsTiming()
    {
        IsTiming = true;
        return this;
    }

    /// <summary>The engine's own rule: a run that drops more than 1% of its arrivals cannot report its latencies.</summary>
    internal static Threshold DroppedAtMostOnePercent() =>
        new("dropped_rate<=0.01", null) { Expression = ThresholdExpression.Parse("dropped_rate<=0.01"), IsEngineRule = true };

    internal (ThresholdOutcome Outcome, string Measured, string? Note) Evaluate(
        ScenarioSample sample, Func<ScenarioStats> stats, double durationSeconds)
    {
        if (Expression is not null)
        {
            if (StepName is null)
            {
                return Expression.Evaluate(sample.Iterations, sample, durationSeconds);
            }

            return sample.Steps.TryGetValue(StepName, out var step)
                ? Expression.Evaluate(step, null, durationSeconds)
                : (ThresholdOutcome.Inconclusive, "n/a", $"no step named '{StepName}' was recorded");
        }

        var scenarioStats = stats();
        if (ScenarioPredicate is not null)
        {
            var measured = ScenarioMeasure?.Invoke(scenarioStats)
                           ?? $"ok={scenarioStats.Ok.Count:N0} fail={scenarioStats.Fail.Count:N0} p99={scenarioStats.Ok.Latency.P99Ms:0.###} ms";
            var note = scenarioStats.Ok.Latency.UnreliablePercentiles.Count > 0
                ? $"too few samples for {string.Join(", ", scenarioStats.Ok.Latency.UnreliablePercentiles)}: a lambda using them judges noise"
                : null;
            return (ScenarioPredicate(scenarioStats) ? ThresholdOutcome.Passed : ThresholdOutcome.Failed, measured, note);
        }

        var stepStats = scenarioStats.Steps.FirstOrDefault(s => s.Name == StepName);
        if (stepStats is null)
        {
            return (ThresholdOutcome.Inconclusive, "n/a", $"no step named '{StepName}' was recorded");
        }

        return (StepPredicate!(stepStats) ? ThresholdOutcome.Passed : ThresholdOutcome.Failed,
            $"ok={stepStats.Ok.Count:N0} fail={stepStats.Fail.Count:N0} p99={stepStats.Ok.Latency.P99Ms:0.###} ms", null);
    }

    [GeneratedRegex(@"^(?<n>[0-9]+(\.[0-9]+)?)\s*(?<unit>ms|s|m)$", RegexOptions.CultureInvariant)]
    private static partial Regex DurationGrammar();

    private static Threshold ParseCore(string source, string? stepName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        var parts = source.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var expression = ThresholdExpression.Parse(parts[0]);
        var threshold = new Threshold(expression.Source, stepName) { Expression = expression, IsTiming = expression.IsTiming };
        foreach (var modifier in parts.Skip(1))
        {
            var (key, value) = modifier.IndexOf('=', StringComparison.Ordinal) is var eq and > 0
                ? (modifier[..eq].Trim(), modifier[(eq + 1)..].Trim())
                : (modifier, "");
            switch (key)
            {
                case "abortOnFail":
                    threshold.AbortOnFail(threshold.DelayAbortEval);
                    break;
                case "delayAbortEval":
                    threshold.DelayAbortEval = ParseDuration(source, value);
                    break;
                case "window":
                    threshold.Over(ParseDuration(source, value));
                    break;
                default:
                    throw new FormatException($"'{source}': unknown option '{modifier}'; known: abortOnFail, delayAbortEval=10s, window=5s");
            }
        }

        return threshold;
    }

    private static TimeSpan ParseDuration(string source, string text)
    {
        var match = DurationGrammar().Match(text);
        if (!match.Success)
        {
            throw new FormatException($"'{source}': '{text}' is not a duration like 500ms, 10s or 2m");
        }

        var n = double.Parse(match.Groups["n"].Value, CultureInfo.InvariantCulture);
        return match.Groups["unit"].Value switch
        {
            "ms" => TimeSpan.FromMilliseconds(n),
            "s" => TimeSpan.FromSeconds(n),
            _ => TimeSpan.FromMinutes(n),
        };
    }

    public override string ToString()
    {
        var text = StepName is null ? Description : $"{StepName}: {Description}";
        if (Window is { } window)
        {
            text += $" (every {window.TotalSeconds:0}s window)";
        }

        return text;
    }
}
