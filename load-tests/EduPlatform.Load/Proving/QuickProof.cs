using System.Reflection;
using Spectre.Console;

namespace EduPlatform.Load.Proving;

/// <summary>
/// A chapter's claims run the way <c>prove --quick</c> runs them, from the chapter's own test suite: short runs,
/// correctness thresholds and checks enforced, timing reported but not judged. It is how a broken claim (a workload
/// that no longer starts, a check that no longer holds) fails the suite that grades the chapter, in parallel with the
/// other chapters' suites, instead of waiting for a full prove.
/// </summary>
public static class QuickProof
{
    /// <summary>
    /// Runs every claim of <paramref name="claimsAssembly"/> quick; throws with what prove printed unless every claim
    /// ran with its correctness thresholds and checks holding. Reports go to the test's output folder.
    /// </summary>
    public static async Task EnsureEveryClaimRunsAsync(Assembly claimsAssembly, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claimsAssembly);
        var reportRoot = Path.Combine(AppContext.BaseDirectory, "TestResults", "prove-quick", claimsAssembly.GetName().Name!);
        var proof = await RunAsync(claimsAssembly, reportRoot, cancellationToken);
        if (proof.Results.Count == 0)
        {
            throw new QuickProofFailedException($"{claimsAssembly.GetName().Name} holds no claim");
        }

        if (proof.ExitCode != ExitCodes.Passed)
        {
            var failed = string.Join(", ", proof.Results.Where(r => r.Verdict != ClaimVerdict.RanQuick).Select(r => $"{r.Name}: {r.VerdictLabel}"));
            throw new QuickProofFailedException($"prove --quick exited {proof.ExitCode} ({failed}); reports in {reportRoot}{Environment.NewLine}{proof.Output}");
        }
    }

    public static async Task<QuickProofResult> RunAsync(Assembly claimsAssembly, string reportRoot, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claimsAssembly);
        var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = 200;
        if (Directory.Exists(reportRoot))
        {
            Directory.Delete(reportRoot, recursive: true);
        }

        var claims = ClaimCatalogue.Discover(claimsAssembly);
        var (exitCode, results) = await new ProveRunner(console).RunAsync(claims, quick: true, reportRoot, cancellationToken);
        return new QuickProofResult(exitCode, results, output.ToString());
    }
}

/// <summary>What a quick proof gave: prove's exit code, each claim's result, and what prove printed (for a failure message).</summary>
public sealed record QuickProofResult(int ExitCode, IReadOnlyList<ClaimResult> Results, string Output);

/// <summary>A chapter's claims did not all run quick with their correctness holding; the message holds prove's output.</summary>
public sealed class QuickProofFailedException(string message) : Exception(message);
