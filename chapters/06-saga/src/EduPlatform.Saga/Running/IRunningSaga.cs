namespace EduPlatform.Saga.Running;

/// <summary>A style's services running in this process: a <see cref="SagaNode"/>, or the MassTransit style's node.</summary>
public interface IRunningSaga : IAsyncDisposable
{
    /// <summary>The front door (start, find, history, dead letters), when this process runs the front service.</summary>
    IEnrollmentSaga? Front { get; }

    IReadOnlyList<string> ServiceNames { get; }

    /// <summary>Makes the named service die as a killed process would, and come back (tests' in-process kill).</summary>
    void Crash(string service, string why);
}
