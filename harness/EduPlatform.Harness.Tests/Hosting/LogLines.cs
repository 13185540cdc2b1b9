using System.Collections.Concurrent;

namespace EduPlatform.Harness.Tests.Hosting;

/// <summary>Collects a hosted app's log lines and lets a test wait for a particular one.</summary>
internal sealed class LogLines
{
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly ConcurrentBag<(string Fragment, TaskCompletionSource Seen)> _waiters = [];

    public Action<string> Sink => line =>
    {
        _lines.Enqueue(line);
        foreach (var (fragment, seen) in _waiters)
        {
            if (line.Contains(fragment, StringComparison.Ordinal))
            {
                seen.TrySetResult();
            }
        }
    };

    public IReadOnlyCollection<string> All => _lines.ToArray();

    public Task WaitForAsync(string fragment, TimeSpan timeout)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiters.Add((fragment, seen));
        if (_lines.Any(line => line.Contains(fragment, StringComparison.Ordinal)))
        {
            seen.TrySetResult();
        }

        return seen.Task.WaitAsync(timeout);
    }
}
