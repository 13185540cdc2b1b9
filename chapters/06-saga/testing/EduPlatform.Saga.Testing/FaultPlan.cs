using System.Collections.Concurrent;
using EduPlatform.Saga.Messaging;

namespace EduPlatform.Saga.Testing;

/// <summary>
/// The participants' fault injection for in-process systems: rules added (and removed) while the system runs, each
/// counting how often it struck. A crash is <see cref="SimulatedCrashException"/>: the service drops its broker
/// connection unacknowledged and restarts, as after a SIGKILL. A failure is an exception the retries see.
/// </summary>
public sealed class FaultPlan : IMessageFaults
{
    private readonly ConcurrentDictionary<FaultRule, int> _struck = new();

    public void Add(FaultRule rule) => _struck.TryAdd(rule, 0);

    /// <summary>Every rule is removed: the services are healthy again (an operator may now retry the dead letters).</summary>
    public void Heal()
    {
        _struck.Clear();
        Interlocked.Exchange(ref _healed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }

    private TaskCompletionSource _healed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>How often faults struck in total (including rules since removed).</summary>
    public int Struck => Volatile.Read(ref _total);

    private int _total;

    public ValueTask BeforeHandlingAsync(string service, Envelope message) => StrikeAsync(service, FaultPoint.BeforeSideEffect, message);

    public ValueTask AfterCommitAsync(string service, Envelope message)
    {
        ArgumentNullException.ThrowIfNull(message);
        _committed.AddOrUpdate((service, message.Type), 1, (_, count) => count + 1);
        return StrikeAsync(service, FaultPoint.AfterSideEffect, message);
    }

    /// <summary>How many <paramref name="type"/> messages <paramref name="service"/> has handled and committed so far (any style).</summary>
    public int Committed(string service, string type) => _committed.GetValueOrDefault((service, type));

    private readonly ConcurrentDictionary<(string Service, string Type), int> _committed = new();

    private async ValueTask StrikeAsync(string service, FaultPoint point, Envelope message)
    {
        foreach (var rule in _struck.Keys)
        {
            if (rule.Service != service || rule.Point != point || rule.MessageType != message.Type || rule.When?.Invoke(message) == false)
            {
                continue;
            }

            if (!TryTake(rule, out var count))
            {
                continue;
            }

            Interlocked.Increment(ref _total);
            var what = $"injected {rule.Action} {point} {service} {message.Type} ({count}/{rule.Times})";
            switch (rule.Action)
            {
                case FaultAction.Stall:
                    await Volatile.Read(ref _healed).Task;
                    return;
                case FaultAction.Crash:
                    throw new SimulatedCrashException(what);
                default:
                    throw new InjectedFailureException(what);
            }
        }
    }

    /// <summary>Counts one strike of <paramref name="rule"/> if it has strikes left (compare-and-swap: concurrent
    /// deliveries never strike more than <see cref="FaultRule.Times"/>, a healed rule never).</summary>
    private bool TryTake(FaultRule rule, out int count)
    {
        while (_struck.TryGetValue(rule, out var seen) && seen < rule.Times)
        {
            if (_struck.TryUpdate(rule, seen + 1, seen))
            {
                count = seen + 1;
                return true;
            }
        }

        count = 0;
        return false;
    }
}

/// <summary>A participant's failure, made by a test (a payment provider that is down, a bug).</summary>
public sealed class InjectedFailureException(string message) : Exception(message);
