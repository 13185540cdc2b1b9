using EduPlatform.Load;
using EduPlatform.Load.Proving;
using EduPlatform.Load.Reports;
using EduPlatform.Prove.Cli;
using Spectre.Console.Testing;

namespace EduPlatform.Prove.Tests;

/// <summary>
/// The `prove` CLI end to end: it finds every chapter's claims, selects, runs quick, reports, indexes and exits by the
/// convention. The quick run here is the engine's own (chapter 00); each chapter's suite runs its own claims quick.
/// </summary>
public sealed class ProveCliTests
{
    [Fact]
    public async Task Prove_quick_runs_the_selected_claims_writes_each_report_and_the_index_and_exits_0()
    {
        var console = NewConsole();
        var root = Path.Combine(AppContext.BaseDirectory, "TestResults", "prove-quick");
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }

        var exitCode = await ProveCli.RunAsync(["prove", "--quick", "--chapter", "00", "--reports", root], console, TestContext.Current.CancellationToken);

        exitCode.Should().Be(ExitCodes.Passed, console.Output);
        var run = Directory.GetDirectories(root).Should().ContainSingle().Subject;
        foreach (var claim in ClaimAssemblies.Claims().Where(c => c.Chapter == "00"))
        {
            foreach (var file in new[] { ReportFiles.Html, ReportFiles.Markdown, ReportFiles.Json, ReportFiles.StatsCsv })
            {
                File.Exists(Path.Combine(run, claim.Name, file)).Should().BeTrue($"{claim.Name} has its {file}");
            }
        }

        var index = await File.ReadAllTextAsync(Path.Combine(run, ClaimIndex.MarkdownFile), TestContext.Current.CancellationToken);
        index.Should().Contain("[html](00-engine-keeps-schedule/report.html)").And.Contain("ran (quick)")
            .And.Contain("(reported, not enforced in quick mode)", "timing thresholds are shown but do not decide a quick verdict");
        File.ReadAllText(Path.Combine(run, ClaimIndex.HtmlFile)).Should().Contain("href=\"00-open-model-sees-stalls/report.html\"");
        File.ReadAllText(Path.Combine(run, "00-open-model-sees-stalls", ReportFiles.Html))
            .Should().Contain("id=\"contrast\"", "the contrast run is shown beside the claim's run")
            .And.Contain("server stalled 1 s", "the fault event is on the timeline");
        console.Output.Should().Contain("claims").And.Contain("threshold").And.Contain("measured").And.Contain("verdict")
            .And.Contain("00-engine-keeps-schedule").And.Contain("00-open-model-sees-stalls");
    }

    [Fact]
    public void Every_chapter_with_a_claims_project_has_its_claims_found()
    {
        var chapters = Path.Combine(RepositoryRoot(), "chapters");
        var withClaims = Directory.GetDirectories(chapters)
            .Where(chapter => Directory.Exists(Path.Combine(chapter, "claims")))
            .Select(chapter => Path.GetFileName(chapter)[..2])
            .ToArray();

        withClaims.Should().NotBeEmpty();
        ClaimAssemblies.Claims().Select(c => c.Chapter).Distinct()
            .Should().Contain(withClaims, "a chapter's claims project is referenced by the glob chapters/*/claims/*/*.Claims.csproj and loaded by name");
    }

    [Fact]
    public async Task List_names_every_claim_with_its_chapter_and_statement()
    {
        var console = NewConsole();

        var exitCode = await ProveCli.RunAsync(["list"], console, TestContext.Current.CancellationToken);

        exitCode.Should().Be(0);
        foreach (var claim in ClaimAssemblies.Claims())
        {
            console.Output.Should().Contain(claim.Name);
        }
    }

    [Theory]
    [InlineData("prove", "--claim", "no-such-claim")]
    [InlineData("prove", "--chapter")]
    [InlineData("frobnicate")]
    public async Task Unknown_commands_options_and_claims_are_usage_errors_exit_2(params string[] args)
    {
        var console = NewConsole();

        var exitCode = await ProveCli.RunAsync(args, console, TestContext.Current.CancellationToken);

        exitCode.Should().Be(ExitCodes.UsageError);
    }

    [Fact]
    public void The_catalogue_finds_the_self_test_claims_and_selects_by_chapter_and_name()
    {
        var all = ClaimAssemblies.Claims();

        all.Select(c => c.Name).Should().Contain(["00-engine-keeps-schedule", "00-open-model-sees-stalls"]);
        ClaimCatalogue.Select(all, "0", null).Should().HaveCount(all.Count(c => c.Chapter == "00"), "--chapter 0 means 00");
        ClaimCatalogue.Select(all, null, "00-open-model-sees-stalls").Should().ContainSingle();
        ClaimCatalogue.Select(all, "99", null).Should().BeEmpty("no chapter 99 exists");
    }

    [Theory]
    [InlineData("01_Isolation", "01")]
    [InlineData("isolation", "01")]
    [InlineData("02-isolation", "01")]
    public void Claim_names_must_be_kebab_case_and_start_with_their_chapter(string name, string chapter)
    {
        var validate = () => ClaimCatalogue.Validate([new NamedClaim(name, chapter)]);

        validate.Should().Throw<InvalidOperationException>().WithMessage("*kebab-case*");
    }

    [Fact]
    public void Two_claims_with_one_name_are_refused()
    {
        var validate = () => ClaimCatalogue.Validate([new NamedClaim("01-isolation", "01"), new NamedClaim("01-isolation", "01")]);

        validate.Should().Throw<InvalidOperationException>().WithMessage("*two claims*");
    }

    private static TestConsole NewConsole()
    {
        var console = new TestConsole();
        console.Profile.Width = 200;
        return console;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "EduPlatform.Workbook.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("the repository root (the folder holding EduPlatform.Workbook.sln) is above the test's output folder");
    }

    private sealed class NamedClaim(string name, string chapter) : IClaim
    {
        public string Name => name;

        public string Chapter => chapter;

        public string Statement => "states something";

        public Task<ClaimResult> RunAsync(ClaimContext context) => throw new NotSupportedException();
    }
}
