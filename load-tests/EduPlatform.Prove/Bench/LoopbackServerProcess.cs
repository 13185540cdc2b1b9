using System.Diagnostics;
using System.Reflection;

namespace EduPlatform.Prove.Bench;

/// <summary>
/// This program started again as `serve-loopback` in its own process, so the server under test
/// shares no thread pool or GC with whichever generator is measuring it.
/// </summary>
internal sealed class LoopbackServerProcess : IAsyncDisposable
{
    private readonly Process _process;

    private LoopbackServerProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public static async Task<LoopbackServerProcess> StartAsync(CancellationToken cancellationToken)
    {
        var executable = Environment.ProcessPath ?? throw new InvalidOperationException("cannot tell which executable is running");
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        if (Path.GetFileNameWithoutExtension(executable) == "dotnet")
        {
            start.ArgumentList.Add(Assembly.GetEntryAssembly()!.Location);
        }

        start.ArgumentList.Add("serve-loopback");
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the loopback server process");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.StartsWith("listening ", StringComparison.Ordinal))
            {
                return new LoopbackServerProcess(process, new Uri(line["listening ".Length..].Trim()));
            }
        }

        process.Kill();
        process.Dispose();
        throw new InvalidOperationException("the loopback server process exited without listening");
    }

    public async ValueTask DisposeAsync()
    {
        _process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill();
        }

        _process.Dispose();
    }
}
