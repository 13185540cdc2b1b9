using System.Globalization;
using System.Text.RegularExpressions;
using EduPlatform.Load.Scheduling;
using EduPlatform.Load.Stats;

namespace EduPlatform.Load.Thresholds;

/// <summary>
/// A parsed k6-style threshold such as <c>p(99)&lt;50</c> or <c>rate&lt;0.001</c>, judged directly
/// on histograms, so any percentile works and too few samples is known, not guessed.
/// </summary>
internal sealed partial record ThresholdExpression(string Source, ThresholdMetric Metric, double Argument, string Operator, double Limit)
{
    private static readonly Dictionary<string, ThresholdMetric> Names = new(StringComparer.OrdinalIgnoreCase)
    {
        ["avg"] = ThresholdMetric.Average,
        ["med"] = ThresholdMetric.Median,
        ["min"] = ThresholdMetric.Minimum,
        ["max"] = ThresholdMetric.Maximum,
        ["stddev"] = ThresholdMetric.StandardDeviation,
        ["rate"] = ThresholdMetric.FailRate,
        ["fail_rate"] = ThresholdMetric.FailRate,
        ["ok_rate"] = ThresholdMetric.OkRate,
        ["count"] = ThresholdMetric.Count,
        ["fail_count"] = ThresholdMetric.FailCount,
        ["rps"] = ThresholdMetric.Rps,
        ["dropped_rate"] = ThresholdMetric.DroppedRate,
        ["late_rate"] = ThresholdMetric.LateRate,
        ["availability_lb"] = ThresholdMetric.AvailabilityLowerBound,
    };

    [GeneratedRegex(@"^\s*(?<metric>[a-z_][a-z0-9_.]*)\s*(\(\s*(?<arg>[0-9]+(\.[0-9]+)?)\s*\))?\s*(?<op><=|>=|==|!=|<|>)\s*(?<limit>-?[0-9]+(\.[0-9]+)?)\s*$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Grammar();

    /// <summary>Correctness metrics (failures, counts) are enforced even in quick mode; the rest are timing or statistics.</summary>
    public bool IsTiming => Metric is not (ThresholdMetric.FailRate or ThresholdMetric.OkRate or ThresholdMetric.Count or ThresholdMetric.FailCount);

    public static ThresholdExpression Parse(string source)
    {
        var match = Grammar().Match(source ?? "");
        if (!match.Success)
        {
            throw new FormatException(
                $"'{source}' is not a threshold: expected METRIC OP NUMBER, e.g. 'p(99)<50', 'avg<=20', 'rate<0.001'");
        }

        var name = match.Groups["metric"].Value;
        var hasArgument = match.Groups["arg"].Success;
        ThresholdMetric metric;
        double argument = 0;
        if (name.Equals("p", StringComparison.OrdinalIgnoreCase))
        {
            if (!hasArgument)
            {
                throw new FormatException($"'{source}': p needs a percentile, e.g. p(99)");
            }

            metric = ThresholdMetric.Percentile;
            argument = double.Parse(match.Groups["arg"].Value, CultureInfo.InvariantCulture);
            if (argument is < 0 or > 100)
            {
                throw new FormatException($"'{source}': a percentile is between 0 and 100");
            }
        }
        else if (name.Length > 1 && (name[0] is 'p' or 'P') && char.IsAsciiDigit(name[1]))
        {
            throw new FormatException($"'{source}': write a percentile as p(N), e.g. p({name[1..]})");
        }
        else if (Names.TryGetValue(name, out metric))
        {
            if (hasArgument)
            {
                throw new FormatException($"'{source}': {name} takes no argument");
            }
        }
        else
        {
            throw new FormatException(
                $"'{source}': unknown metric '{name}'; known: p(N), {string.Join(", ", Names.Keys)}");
        }

        var limit = double.Parse(match.Groups["limit"].Value, CultureInfo.InvariantCulture);
        return new ThresholdExpression(source!.Trim(), metric, argument, match.Groups["op"].Value, limit);
    }

    public (ThresholdOutcome Outcome, string Measured, string? Note) Evaluate(
        StepSample measured, ScenarioSample? schedule, double durationSeconds)
    {
        var okLatency = measured.OkLatency;
        var okCount = measured.OkCount;
        var all = okCount + measured.FailCount;
        string Ms(double v) => $"{Label} = {v:0.###} ms (n={okCount:N0})";

        switch (Metric)
        {
            case ThresholdMetric.Percentile or ThresholdMetric.Median:
                var percentile = Metric == ThresholdMetric.Median ? 50 : Argument;
                var value = LatencyStats.ValueAt(okLatency, percentile);
                var required = PercentileSampleRule.RequiredSamples(percentile);
                if (okCount < required)
                {
                    return (ThresholdOutcome.Inconclusive, Ms(value),
                        $"p({percentile:0.###}) needs at least {required:N0} ok samples, had {okCount:N0}");
                }

                return Judge(value, Ms(value));

            case ThresholdMetric.Average or ThresholdMetric.Minimum or ThresholdMetric.Maximum or ThresholdMetric.StandardDeviation:
                if (okCount == 0)
                {
                    return (ThresholdOutcome.Inconclusive, $"{Label} = n/a (n=0)", "no ok samples");
                }

                var latency = LatencyStats.From(okLatency);
                var v = Metric switch
                {
                    ThresholdMetric.Average => latency.MeanMs,
                    ThresholdMetric.Minimum => latency.MinMs,
                    ThresholdMetric.Maximum => latency.MaxMs,
                    _ => latency.StdDevMs,
                };
                return Judge(v, Ms(v));

            case ThresholdMetric.FailRate or ThresholdMetric.OkRate:
                if (all == 0)
                {
                    return (ThresholdOutcome.Inconclusive, $"{Label} = n/a (n=0)", "nothing completed");
                }

                var fails = measured.FailCount;
                var rate = Metric == ThresholdMetric.FailRate ? (double)fails / all : (double)okCount / all;
                return Judge(rate, $"{Label} = {rate:0.#####} ({fails:N0} failed of {all:N0})");

            case ThresholdMetric.Count:
                return Judge(all, $"count = {all:N0}");

            case ThresholdMetric.FailCount:
                return Judge(measured.FailCount, $"fail_count = {measured.FailCount:N0}");

            case ThresholdMetric.Rps:
                var rps = durationSeconds > 0 ? all / durationSeconds : 0;
                return Judge(rps, $"rps = {rps:0.#}");

            case ThresholdMetric.AvailabilityLowerBound:
                if (all == 0)
                {
                    return (ThresholdOutcome.Inconclusive, "availability_lb = n/a (n=0)", "nothing completed");
                }

                var bound = ClopperPearson.AvailabilityLowerBound(measured.FailCount, all);
                return Judge(bound, $"availability_lb = {bound:0.#####} ({measured.FailCount:N0} failed of {all:N0}, 95% {ClopperPearson.MethodName})");

            case ThresholdMetric.DroppedRate or ThresholdMetric.LateRate:
                if (schedule is null)
                {
                    return (ThresholdOutcome.Inconclusive, $"{Label} = n/a", "a step has no schedule; use it on the scenario");
                }

                var (part, whole) = Metric == ThresholdMetric.DroppedRate
                    ? (schedule.Dropped, schedule.Intended)
                    : (schedule.Late, schedule.Started);
                var fraction = whole == 0 ? 0 : (double)part / whole;
                var noun = Metric == ThresholdMetric.DroppedRate ? "dropped" : "late";
                return Judge(fraction, $"{Label} = {fraction:0.#####} ({part:N0} {noun} of {whole:N0})");

            default:
                throw new InvalidOperationException($"unhandled metric {Metric}");
        }
    }

    private string Label => Metric switch
    {
        ThresholdMetric.Percentile => $"p({Argument:0.###})",
        _ => Source[..Source.IndexOfAny(['<', '>', '=', '!'])].Trim(),
    };

    private (ThresholdOutcome, string, string?) Judge(double value, string measured)
    {
        var holds = Operator switch
        {
            "<" => value < Limit,
            "<=" => value <= Limit,
            ">" => value > Limit,
            ">=" => value >= Limit,
            "==" => value == Limit,
            "!=" => value != Limit,
            _ => false,
        };
        return (holds ? ThresholdOutcome.Passed : ThresholdOutcome.Failed, measured, null);
    }
}
