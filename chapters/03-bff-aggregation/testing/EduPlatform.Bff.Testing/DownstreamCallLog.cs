using System.Diagnostics;

namespace EduPlatform.Bff.Testing;

/// <summary>Every call one downstream stub received, and counts over them: started, answered, aborted, still running.</summary>
public sealed class DownstreamCallLog
{
    private readonly object _gate = new();
    private readonly List<DownstreamCall> _calls = [];
    private long _numbers;

    public IReadOnlyList<DownstreamCall> Calls
    {
        get
        {
            lock (_gate)
            {
                return [.. _calls];
            }
        }
    }

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _calls.Count;
            }
        }
    }

    public int StillRunning => Calls.Count(call => call.IsRunning);

    public int Aborted => Calls.Count(call => call.End == CallEnd.Aborted);

    /// <summary>Calls running at <paramref name="timestamp"/> (<see cref="Stopwatch.GetTimestamp"/>).</summary>
    public int RunningAt(long timestamp) => Calls.Count(call => call.WasRunningAt(timestamp));

    public IReadOnlyList<DownstreamCall> For(string correlationId) =>
        Calls.Where(call => call.CorrelationId == correlationId).ToArray();

    public void Clear()
    {
        lock (_gate)
        {
            _calls.Clear();
        }
    }

    internal DownstreamCall Begin(string? authorization, string? correlationId, string? budgetMs, string? subject)
    {
        var call = new DownstreamCall(Interlocked.Increment(ref _numbers), Stopwatch.GetTimestamp(), authorization, correlationId, budgetMs, subject);
        lock (_gate)
        {
            _calls.Add(call);
        }

        return call;
    }
}
