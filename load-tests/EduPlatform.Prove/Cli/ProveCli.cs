using System.Globalization;
using EduPlatform.Load;
using EduPlatform.Prove.Bench;
using EduPlatform.Prove.Docs;
using EduPlatform.Load.Proving;
using EduPlatform.Load.SelfTest;
using Spectre.Console;

namespace EduPlatform.Prove.Cli;

/// <summary>The `prove` CLI: prove, list, bench, and the hidden serve-loopback used by the benchmark.</summary>
public static class ProveCli
{
    public static async Task<int> RunAsync(IReadOnlyList<string> args, IAnsiConsole console, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(console);
        CommandLine command;
        try
        {
            command = CommandLine.Parse(args);
        }
        catch (FormatException ex)
        {
            console.MarkupLine($"[red]{Markup.Escape(ex.Message)}[/]");
            console.WriteLine(CommandLine.Usage);
            return ExitCodes.UsageError;
        }

        switch (command.Verb)
        {
            case "prove":
                return await ProveAsync(command, console, cancellationToken);
            case "list":
                List(console);
                return ExitCodes.Passed;
            case "bench" when command.Arguments is ["engine-vs-wrk", ..]:
                var seconds = Option(command.Arguments, "--seconds", 5);
                return await EngineVsWrkBenchmark.RunAsync(console, seconds, cancellationToken);
            case "docs":
                return DocsCommand.Run(
                    RepositoryRoot.Find(), OptionValue(command.Arguments, "--from"), command.Arguments.Contains("--check"),
                    ClaimAssemblies.Claims(), console);
            case "serve-loopback":
                await ServeLoopbackAsync(console, cancellationToken);
                return ExitCodes.Passed;
            default:
                console.MarkupLine($"[red]unknown command '{Markup.Escape(string.Join(' ', args))}'[/]");
                console.WriteLine(CommandLine.Usage);
                return ExitCodes.UsageError;
        }
    }

    /// <summary>load-tests/reports/&lt;timestamp&gt;, found from the repository root (the folder holding the .sln).</summary>
    public static string DefaultReportsFolder(DateTimeOffset now)
    {
        var stamp = now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        return RepositoryRoot.TryFind() is { } root
            ? Path.Combine(root, "load-tests", "reports", stamp)
            : Path.Combine(Directory.GetCurrentDirectory(), "load-reports", stamp);
    }

    private static async Task<int> ProveAsync(CommandLine command, IAnsiConsole console, CancellationToken cancellationToken)
    {
        var selected = ClaimCatalogue.Select(ClaimAssemblies.Claims(), command.Chapter, command.Claim);
        if (selected.Count == 0)
        {
            console.MarkupLine("[red]no claim matches[/] (see `list`)");
            return ExitCodes.UsageError;
        }

        var folder = command.ReportsFolder is { } explicitFolder
            ? Path.Combine(explicitFolder, DateTimeOffset.Now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture))
            : DefaultReportsFolder(DateTimeOffset.Now);
        var (exitCode, _) = await new ProveRunner(console).RunAsync(selected, command.Quick, folder, cancellationToken);
        return exitCode;
    }

    private static void List(IAnsiConsole console)
    {
        var table = new Table().Border(TableBorder.Simple).AddColumns("claim", "chapter", "statement");
        foreach (var claim in ClaimAssemblies.Claims())
        {
            table.AddRow(Markup.Escape(claim.Name), claim.Chapter, Markup.Escape(claim.Statement));
        }

        console.Write(table);
    }

    private static async Task ServeLoopbackAsync(IAnsiConsole console, CancellationToken cancellationToken)
    {
        await using var server = await LoopbackServer.StartAsync(cancellationToken: cancellationToken);
        console.WriteLine($"listening {server.BaseAddress}");
        // Runs until stdin closes (the parent benchmark exits or closes it) or the process is stopped.
        await Task.Run(() => Console.In.ReadToEnd(), cancellationToken);
    }

    private static string? OptionValue(IReadOnlyList<string> args, string name)
    {
        var index = args.ToList().IndexOf(name);
        return index >= 0 && index + 1 < args.Count ? args[index + 1] : null;
    }

    private static int Option(IReadOnlyList<string> args, string name, int fallback)
    {
        var index = args.ToList().IndexOf(name);
        return index >= 0 && index + 1 < args.Count && int.TryParse(args[index + 1], CultureInfo.InvariantCulture, out var value)
            ? value
            : fallback;
    }
}
