using System.Diagnostics;

namespace EduPlatform.Bff.Testing;

/// <summary>
/// One call a downstream stub received: what it carried (token, correlation id, the BFF's budget), when it started and
/// ended on <see cref="Stopwatch"/>'s clock (the one the load engine and the claims read), and how it ended.
/// </summary>
public sealed class DownstreamCall
{
    private long _endedAt;
    private int _end;

    internal DownstreamCall(long number, long startedAt, string? authorization, string? correlationId, string? budgetMs, string? subject)
    {
        Number = number;
        StartedAt = startedAt;
        Authorization = authorization;
        CorrelationId = correlationId;
        BudgetMs = budgetMs;
        Subject = subject;
    }

    public long Number { get; }

    /// <summary><see cref="Stopwatch.GetTimestamp"/> when the stub's handler began.</summary>
    public long StartedAt { get; }

    /// <summary>The <c>Authorization</c> header as it arrived (null if none): shows the token was forwarded.</summary>
    public string? Authorization { get; }

    public string? CorrelationId { get; }

    /// <summary>The BFF's <c>X-Request-Budget-Ms</c>, as it arrived.</summary>
    public string? BudgetMs { get; }

    /// <summary>The subject of the forwarded token (read, not validated: the BFF validated it).</summary>
    public string? Subject { get; }

    /// <summary>When the call ended (answered, failed or aborted); null while it is still running.</summary>
    public long? EndedAt => Volatile.Read(ref _end) == 0 ? null : Volatile.Read(ref _endedAt);

    public CallEnd End => (CallEnd)Volatile.Read(ref _end);

    public bool IsRunning => End == CallEnd.Running;

    /// <summary>Whether the call was still running at <paramref name="timestamp"/> (a <see cref="Stopwatch"/> timestamp).</summary>
    public bool WasRunningAt(long timestamp) => StartedAt <= timestamp && (EndedAt is not { } ended || ended > timestamp);

    internal void Finish(CallEnd end)
    {
        Volatile.Write(ref _endedAt, Stopwatch.GetTimestamp());
        Volatile.Write(ref _end, (int)end);
    }
}

/// <summary>How a stub's call ended.</summary>
public enum CallEnd
{
    Running,

    /// <summary>The stub answered (a success or its configured failure).</summary>
    Answered,

    /// <summary>The caller went away first (its HTTP request was aborted): the stub stopped working on it.</summary>
    Aborted,
}
