using EduPlatform.Load.Proving;

namespace EduPlatform.Load.Tests;

/// <summary>
/// A full run in doubt (generator-bound, or a busy machine) is run again, up to three trials, until two agree, and the
/// claim is judged on the median trial; trusted runs, quick runs and errors are never retried. Scripted claims make the
/// trials' outcomes fixed, so these tests judge the rule, not a machine.
/// </summary>
public sealed class ClaimTrialsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("proven", 1, "proven")]
    [InlineData("not-proven", 1, "NOT PROVEN")]
    [InlineData("doubtful-not-proven doubtful-not-proven", 2, "NOT PROVEN (generator-bound)")]
    [InlineData("doubtful-not-proven proven proven", 3, "proven")]
    [InlineData("doubtful-not-proven proven busy-not-proven", 3, "NOT PROVEN")]
    [InlineData("doubtful-proven not-proven proven", 3, "proven")]
    [InlineData("busy-proven proven", 2, "proven")]
    public async Task A_run_in_doubt_is_retried_until_two_trials_agree_and_judged_on_the_median(string script, int trials, string verdict)
    {
        var claim = new ScriptedClaim(script.Split(' '));
        var root = Path.Combine(AppContext.BaseDirectory, "TestResults", "trials", Guid.NewGuid().ToString("N"));

        var (_, results) = await new ProveRunner(new RecordingConsole().Console).RunAsync([claim], quick: false, root, Ct);

        var result = results.Should().ContainSingle().Subject;
        claim.Runs.Should().Be(trials);
        result.Trials.Should().HaveCount(trials);
        result.VerdictLabel.Should().Be(verdict);
        result.Trials.Select(t => t.ReportFolder).Should().Equal(
            Enumerable.Range(1, trials).Select(n => n == 1 ? claim.Name : $"{claim.Name}/trial-{n}"));
        result.ReportFolder.Should().Be(result.Trials[result.DecidingTrial - 1].ReportFolder, "the index links to the deciding trial");
        var index = await File.ReadAllTextAsync(Path.Combine(root, ClaimIndex.MarkdownFile), Ct);
        if (trials > 1)
        {
            index.Should().Contain("Retried").And.Contain($"{claim.Name}/trial-{trials}/report.html");
        }
    }

    [Fact]
    public async Task Quick_runs_and_errors_are_never_retried()
    {
        var quick = new ScriptedClaim(["doubtful-not-proven", "proven"]);
        var failing = new ScriptedClaim(["throws", "proven"]) { Suffix = "b" };
        var root = Path.Combine(AppContext.BaseDirectory, "TestResults", "trials", Guid.NewGuid().ToString("N"));

        await new ProveRunner(new RecordingConsole().Console).RunAsync([quick], quick: true, root, Ct);
        var (_, results) = await new ProveRunner(new RecordingConsole().Console).RunAsync([failing], quick: false, root + "-full", Ct);

        quick.Runs.Should().Be(1);
        failing.Runs.Should().Be(1);
        results.Single().Verdict.Should().Be(ClaimVerdict.Error);
    }

    /// <summary>A claim whose n-th trial has the n-th scripted outcome.</summary>
    private sealed class ScriptedClaim(string[] script) : IClaim
    {
        public int Runs { get; private set; }

        public string Suffix { get; init; } = "a";

        public string Name => $"00-scripted-{Suffix}";

        public string Chapter => "00";

        public string Statement => "follows its script";

        public Task<ClaimResult> RunAsync(ClaimContext context)
        {
            var step = script[Runs++];
            if (step == "throws")
            {
                throw new InvalidOperationException("the system under test did not start");
            }

            context.Check("scripted", !step.EndsWith("not-proven", StringComparison.Ordinal), step);
            var generator = new GeneratorHealth
            {
                GeneratorBound = step.StartsWith("doubtful", StringComparison.Ordinal),
                MachineCpuAvgPercent = step.StartsWith("busy", StringComparison.Ordinal) ? 97 : 40,
            };
            return Task.FromResult(context.Complete() with { Run = new RunResult { Name = Name, Generator = generator } });
        }
    }
}
