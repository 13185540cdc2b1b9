using EduPlatform.Saga.Messaging;

namespace EduPlatform.Saga.Testing;

/// <summary>Where a fault strikes: before a service handles a message, or after its side effect committed (before the ack).</summary>
public enum FaultPoint
{
    BeforeSideEffect,
    AfterSideEffect,
}

/// <summary>
/// What it does: fail the attempt (the service's retries see it), kill the service (it restarts), or stall it (the
/// message is held, unanswered, until the plan is healed: a participant that is slow or hung).
/// </summary>
public enum FaultAction
{
    Fail,
    Crash,
    Stall,
}

/// <summary>
/// One fault: at <see cref="Point"/> of <see cref="Service"/> handling a <see cref="MessageType"/>, do <see cref="Action"/>,
/// at most <see cref="Times"/> times (each message counts once per delivery).
/// </summary>
public sealed record FaultRule(string Service, FaultPoint Point, string MessageType, FaultAction Action, int Times = 1)
{
    /// <summary>Only messages of sagas this picks (null: all).</summary>
    public Func<Envelope, bool>? When { get; init; }
}
