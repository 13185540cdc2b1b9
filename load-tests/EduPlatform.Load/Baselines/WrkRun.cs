using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace EduPlatform.Load.Baselines;

/// <summary>One wrk run and what it printed: requests per second and its latency percentiles (closed model, from actual send).</summary>
public sealed partial record WrkRun(double RequestsPerSecond, double P50Ms, double P99Ms, string Output)
{
    public const string Path = "/usr/bin/wrk";

    [GeneratedRegex(@"Requests/sec:\s+(?<rps>[0-9.]+)")]
    private static partial Regex RequestsPerSecondLine();

    [GeneratedRegex(@"^\s+(?<p>50|99)%\s+(?<v>[0-9.]+)(?<unit>us|ms|s)\s*$", RegexOptions.Multiline)]
    private static partial Regex PercentileLine();

    public static async Task<WrkRun> RunAsync(Uri url, int connections, int seconds, string? luaScript, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(Path) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "-t1", $"-c{connections}", $"-d{seconds}s", "--latency" })
        {
            start.ArgumentList.Add(arg);
        }

        if (luaScript is not null)
        {
            start.ArgumentList.Add("-s");
            start.ArgumentList.Add(luaScript);
        }

        start.ArgumentList.Add(url.ToString());
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start wrk");
        var output = await process.StandardOutput.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        var rps = RequestsPerSecondLine().Match(output);
        if (process.ExitCode != 0 || !rps.Success)
        {
            throw new InvalidOperationException($"wrk failed (exit {process.ExitCode}):\n{output}{await process.StandardError.ReadToEndAsync(cancellationToken)}");
        }

        var percentiles = PercentileLine().Matches(output).ToDictionary(m => m.Groups["p"].Value, ToMs);
        return new WrkRun(
            double.Parse(rps.Groups["rps"].Value, CultureInfo.InvariantCulture),
            percentiles.GetValueOrDefault("50"), percentiles.GetValueOrDefault("99"), output);
    }

    private static double ToMs(Match match)
    {
        var value = double.Parse(match.Groups["v"].Value, CultureInfo.InvariantCulture);
        return match.Groups["unit"].Value switch { "us" => value / 1000, "ms" => value, _ => value * 1000 };
    }
}
