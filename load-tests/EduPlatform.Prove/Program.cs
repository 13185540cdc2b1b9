using EduPlatform.Prove.Cli;
using Spectre.Console;

if (Console.IsOutputRedirected)
{
    // CI logs and pipes: wide enough that the verdict tables stay readable.
    AnsiConsole.Profile.Width = 160;
}

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // First Ctrl+C aborts the run gracefully (reports are still written); a second one kills.
    e.Cancel = !cancellation.IsCancellationRequested;
    cancellation.Cancel();
};

return await ProveCli.RunAsync(args, AnsiConsole.Console, cancellation.Token);
