using System.Globalization;

namespace EduPlatform.Load.Proving;

/// <summary>
/// When one run of a claim is not enough, and which of several decides. A full run is in doubt when its generator could
/// not keep its schedule (its latencies may be the generator's) or when the machine was busy with other work (CPU
/// average at or above <see cref="BusyMachineCpuPercent"/>): such a claim gets another trial, up to <see cref="Max"/>,
/// until two trials agree; the verdict is the median trial's (errors rank lowest, then not proven, then proven), and
/// its figures are the ones shown. Quick runs, errors and trusted runs are never retried.
/// </summary>
public static class ClaimTrials
{
    public const int Max = 3;

    public const double BusyMachineCpuPercent = 90;

    /// <summary>Why a trial's verdict cannot be trusted alone, or null when it can.</summary>
    public static string? Doubt(ClaimResult trial)
    {
        ArgumentNullException.ThrowIfNull(trial);
        if (trial.Quick || trial.Verdict == ClaimVerdict.Error || trial.Run is null)
        {
            return null;
        }

        var generator = trial.Run.Generator;
        if (generator.GeneratorBound)
        {
            return "the generator was the bottleneck" + (generator.Reasons.Count > 0 ? ": " + generator.Reasons[0] : "");
        }

        return generator.MachineCpuAvgPercent >= BusyMachineCpuPercent
            ? string.Create(CultureInfo.InvariantCulture, $"the machine was busy: CPU {generator.MachineCpuAvgPercent:0}% on average")
            : null;
    }

    /// <summary>Whether the trials so far call for one more.</summary>
    public static bool NeedsAnother(IReadOnlyList<ClaimResult> trials)
    {
        ArgumentNullException.ThrowIfNull(trials);
        if (trials.Count == 0)
        {
            return true;
        }

        if (trials.Count >= Max || Doubt(trials[0]) is null)
        {
            return false;
        }

        var twoAgree = trials.GroupBy(t => t.Verdict).Any(g => g.Count() >= 2);
        return !twoAgree;
    }

    /// <summary>The median trial, carrying the list of every trial.</summary>
    public static ClaimResult Judge(IReadOnlyList<ClaimResult> trials)
    {
        ArgumentNullException.ThrowIfNull(trials);
        if (trials.Count == 0)
        {
            throw new ArgumentException("a claim is judged on at least one trial", nameof(trials));
        }

        // The median verdict decides; its figures come from a trial with that verdict, a trusted one before one in doubt,
        // the later before the earlier (it ran on the quieter machine).
        var verdicts = trials.Select(t => t.Verdict).OrderBy(Rank).ToArray();
        var verdict = trials.Count == 2 ? trials[^1].Verdict : verdicts[(verdicts.Length - 1) / 2];
        var median = trials.Select((t, i) => (Trial: t, Number: i + 1))
            .Where(t => t.Trial.Verdict == verdict)
            .OrderBy(t => Doubt(t.Trial) is null ? 0 : 1)
            .ThenByDescending(t => t.Number)
            .First();

        return median.Trial with
        {
            Trials = trials.Select((t, i) => new ClaimTrial(i + 1, t.Verdict, t.VerdictLabel, Doubt(t), t.ReportFolder)).ToArray(),
            DecidingTrial = median.Number,
        };
    }

    private static int Rank(ClaimVerdict verdict) => verdict switch
    {
        ClaimVerdict.Error => 0,
        ClaimVerdict.NotProven => 1,
        _ => 2,
    };
}

/// <summary>One trial of a claim, as the index lists it: its verdict, why it was in doubt (if it was), and its reports.</summary>
public sealed record ClaimTrial(int Number, ClaimVerdict Verdict, string VerdictLabel, string? Doubt, string ReportFolder);
