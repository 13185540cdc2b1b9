using EduPlatform.Load;
using EduPlatform.Load.Proving;
using EduPlatform.Prove.Cli;
using EduPlatform.Prove.Docs;
using Spectre.Console.Testing;

namespace EduPlatform.Prove.Tests;

/// <summary>
/// `prove docs`: READMEs' generated blocks come from source (snippets) and from a full prove run's index.json
/// (figures), so they cannot drift; and the workbook's own READMEs are up to date with their source right now.
/// </summary>
public sealed class DocsTests
{
    [Fact]
    public void The_workbooks_readmes_are_up_to_date_with_the_source_they_show()
    {
        var console = new TestConsole();

        var exitCode = DocsCommand.Run(RepositoryRoot.Find(AppContext.BaseDirectory), reportFolder: null, check: true, [], console);

        exitCode.Should().Be(ExitCodes.Passed, $"run `dotnet run --project load-tests/EduPlatform.Prove -- docs` to regenerate:\n{console.Output}");
    }

    [Fact]
    public void A_block_is_rewritten_between_its_markers_and_only_there()
    {
        var markdown = "intro\n<!-- prove:claims 04 -->\nold figures\n<!-- /prove:claims -->\noutro\n";

        var rewritten = MarkedBlock.Replace(markdown, "prove:claims 04", "new figures");

        rewritten.Should().Be("intro\n<!-- prove:claims 04 -->\nnew figures\n<!-- /prove:claims -->\noutro\n");
        var missing = () => MarkedBlock.Replace("no markers here", "prove:claims 04", "x");
        missing.Should().Throw<InvalidOperationException>().WithMessage("*no '<!-- prove:claims 04 -->' marker*");
        MarkedBlock.Contains("see `<!-- prove:claims 04 -->` in prose", "prove:claims 04").Should().BeFalse("a marker is a line of its own");
        var unclosed = () => MarkedBlock.Replace("<!-- prove:claims 04 -->\n", "prove:claims 04", "x");
        unclosed.Should().Throw<InvalidOperationException>().WithMessage("*no closing*");
    }

    [Fact]
    public void A_snippet_is_cut_from_source_dedented_and_a_readme_naming_an_unknown_one_is_refused()
    {
        using var repo = new TemporaryRepository();
        repo.Write("chapters/09-x/src/Api.cs", "class Api\n{\n    // snippet: open-circuit\n    public void Open()\n    {\n    }\n    // endsnippet\n}\n");
        var snippets = SourceSnippets.Find([repo.Path("chapters")]);

        var filled = SourceSnippets.Fill("<!-- snippet: open-circuit -->\n<!-- /snippet -->\n", snippets, "README.md");

        filled.Should().Be("<!-- snippet: open-circuit -->\n```csharp\npublic void Open()\n{\n}\n```\n<!-- /snippet -->\n");
        var unknown = () => SourceSnippets.Fill("<!-- snippet: half-open -->\n<!-- /snippet -->\n", snippets, "README.md");
        unknown.Should().Throw<InvalidOperationException>().WithMessage("*uses snippet 'half-open', which no source file defines*");
    }

    [Fact]
    public void Figures_come_from_a_full_run_and_fill_a_chapter_only_when_every_claim_of_it_ran()
    {
        using var repo = new TemporaryRepository();
        repo.Write("chapters/04-event-store/README.md", "# 04\n<!-- prove:claims 04 -->\n<!-- /prove:claims -->\n");
        repo.Write("chapters/07-circuit-breaker/README.md", "# 07\n<!-- prove:claims 07 -->\nhand-kept\n<!-- /prove:claims -->\n");
        repo.Write("chapters/README.md", "<!-- prove:index -->\n| chapter | claim | statement | last measured |\n| --- | --- | --- | --- |\n| 01 | `01-kept` | kept | proven: kept |\n<!-- /prove:index -->\n");
        var run = repo.Path("reports");
        Directory.CreateDirectory(run);
        ClaimIndex.Write(run, [Measured("04-no-lost-update", "04", "0 lost"), Measured("07-one", "07", "p99 3 ms")]);
        IClaim[] catalogue = [new NamedClaim("04-no-lost-update", "04"), new NamedClaim("07-one", "07"), new NamedClaim("07-two", "07")];

        var exitCode = DocsCommand.Run(repo.Root, run, check: false, catalogue, new TestConsole());

        exitCode.Should().Be(ExitCodes.Passed);
        var chapter04 = File.ReadAllText(repo.Path("chapters/04-event-store/README.md"));
        chapter04.Should().Contain("`eng/prove.sh --chapter 04`").And.Contain("| `04-no-lost-update` | proven | check: no lost update | 0 lost | pass |");
        File.ReadAllText(repo.Path("chapters/07-circuit-breaker/README.md")).Should().Contain("hand-kept", "one of chapter 07's two claims did not run");
        var index = File.ReadAllText(repo.Path("chapters/README.md"));
        index.Should().Contain("| 01 | `01-kept` |", "rows of chapters the run did not measure stay")
            .And.Contain("| 04 | `04-no-lost-update` |").And.Contain("| 07 | `07-one` |");
    }

    [Fact]
    public void A_quick_run_is_refused_its_figures_are_smoke_not_measurements()
    {
        using var repo = new TemporaryRepository();
        var run = repo.Path("reports");
        Directory.CreateDirectory(run);
        ClaimIndex.Write(run, [Measured("04-no-lost-update", "04", "0 lost") with { Quick = true }]);

        var read = () => ClaimFigures.Read(run);

        read.Should().Throw<InvalidOperationException>().WithMessage("*quick run*");
    }

    private static ClaimResult Measured(string name, string chapter, string figure) => new()
    {
        Name = name,
        Chapter = chapter,
        Statement = $"{name} holds",
        Run = new RunResult { Name = name, StartedAtUtc = new DateTimeOffset(2026, 12, 3, 6, 0, 0, TimeSpan.Zero), Generator = new GeneratorHealth { Cores = 2 } },
        Checks = [new ClaimCheck("no lost update", true, figure)],
        Verdict = ClaimVerdict.Proven,
        ReportFolder = name,
    };

    private sealed class NamedClaim(string name, string chapter) : IClaim
    {
        public string Name => name;

        public string Chapter => chapter;

        public string Statement => "states something";

        public Task<ClaimResult> RunAsync(ClaimContext context) => throw new NotSupportedException();
    }

    private sealed class TemporaryRepository : IDisposable
    {
        public TemporaryRepository()
        {
            Root = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "workbook-docs-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(System.IO.Path.Combine(Root, "chapters"));
        }

        public string Root { get; }

        public string Path(string relative) => System.IO.Path.Combine(Root, relative);

        public void Write(string relative, string text)
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path(relative))!);
            File.WriteAllText(Path(relative), text);
        }

        public void Dispose() => Directory.Delete(Root, recursive: true);
    }
}
