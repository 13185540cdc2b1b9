using System.Globalization;
using EduPlatform.Load;

namespace EduPlatform.Gateway.Claims;

/// <summary>
/// The highest open-model rate a system sustains within a latency bound, found by stepping up:
/// rates at rising fractions of a known capacity, each held long enough for a trustworthy p99
/// (1,000 samples), until two steps in a row miss. A step passes when its p99 is under the bound,
/// under 1% failed, nothing was dropped and the rate achieved is within 5% of the rate asked. A
/// warm-up at half the first rate comes first and is not judged.
/// </summary>
internal sealed class MaxThroughputSearch(TimeSpan minimumStep, TimeSpan warmUp, double latencyBoundMs, int samplesPerStep)
{
    /// <summary>Enough for the engine to trust a p99 (it needs 1,000).</summary>
    public const int SamplesForP99 = 1_100;

    public sealed record Step(int Rate, double P99Ms, double FailRate, double AchievedRps, long Started, long Completed, bool Passed)
    {
        public override string ToString() => string.Create(CultureInfo.InvariantCulture,
            $"{Rate}/s: p99 {P99Ms:0.#} ms, {FailRate:P1} failed, {AchievedRps:0} achieved {(Passed ? "ok" : "MISS")}");
    }

    public sealed record Outcome(int MaxRate, IReadOnlyList<Step> Steps)
    {
        public string Describe() => $"max {MaxRate}/s ({string.Join("; ", Steps)})";
    }

    /// <param name="capacity">The capacity the fractions apply to (requests per second).</param>
    /// <param name="fractions">Fractions of <paramref name="capacity"/> to try, rising.</param>
    /// <param name="scenario">The scenario to run at a given rate and duration.</param>
    public async Task<Outcome> RunAsync(
        double capacity, IEnumerable<double> fractions, Func<int, TimeSpan, ScenarioProps> scenario, CancellationToken cancellationToken)
    {
        // A freshly started gateway compiles its code and opens its connections on the first requests:
        // that belongs to no step.
        var firstRate = (int)Math.Round(capacity * fractions.First() / 2);
        await LoadRunner.RegisterScenarios(scenario(Math.Max(1, firstRate), warmUp)).WithConsole(null).RunAsync(cancellationToken);

        var steps = new List<Step>();
        var missesInARow = 0;
        foreach (var fraction in fractions)
        {
            var rate = (int)Math.Round(capacity * fraction);
            var during = TimeSpan.FromSeconds(Math.Max(minimumStep.TotalSeconds, Math.Ceiling((double)samplesPerStep / rate)));
            var run = await LoadRunner.RegisterScenarios(scenario(rate, during)).WithConsole(null).RunAsync(cancellationToken);
            var stats = run.Scenarios[0].Stats;
            var passed = stats.Ok.Latency.P99Ms < latencyBoundMs
                         && stats.FailRate < 0.01
                         && stats.Schedule.Dropped == 0
                         && stats.Schedule.AchievedRps >= 0.95 * rate;
            steps.Add(new Step(rate, stats.Ok.Latency.P99Ms, stats.FailRate, stats.Schedule.AchievedRps, stats.Schedule.Started, stats.Schedule.Completed, passed));
            missesInARow = passed ? 0 : missesInARow + 1;
            if (missesInARow == 2)
            {
                break;
            }

            // Let the queues of a missed step drain before the next one starts.
            await Task.Delay(passed ? TimeSpan.FromMilliseconds(500) : TimeSpan.FromSeconds(3), cancellationToken);
        }

        return new Outcome(steps.Where(step => step.Passed).Select(step => step.Rate).DefaultIfEmpty(0).Max(), steps);
    }
}
