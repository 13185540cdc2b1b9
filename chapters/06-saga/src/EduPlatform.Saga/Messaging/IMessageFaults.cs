namespace EduPlatform.Saga.Messaging;

/// <summary>
/// Where a test (or the demo's chaos switch) makes a service fail: before it handles a message (nothing happened yet)
/// or after its transaction committed and before the broker was told (the side effect happened, the message will be
/// delivered again). Throw <see cref="SimulatedCrashException"/> to die like a killed process; anything else is a
/// failure the service's retries see.
/// </summary>
public interface IMessageFaults
{
    ValueTask BeforeHandlingAsync(string service, Envelope message);

    ValueTask AfterCommitAsync(string service, Envelope message);
}

/// <summary>No faults: what production runs.</summary>
public sealed class NoFaults : IMessageFaults
{
    public static readonly NoFaults Instance = new();

    public ValueTask BeforeHandlingAsync(string service, Envelope message) => ValueTask.CompletedTask;

    public ValueTask AfterCommitAsync(string service, Envelope message) => ValueTask.CompletedTask;
}

/// <summary>The service dies here, as a SIGKILL would: nothing more is acknowledged, its connections drop.</summary>
public sealed class SimulatedCrashException(string message) : Exception(message);
