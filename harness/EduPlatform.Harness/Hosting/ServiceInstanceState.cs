namespace EduPlatform.Harness.Hosting;

/// <summary>The lifecycle of one hosted instance.</summary>
public enum ServiceInstanceState
{
    /// <summary>Not started yet, or being started.</summary>
    Starting,

    /// <summary>Listening and ready (its readiness probe passed).</summary>
    Running,

    /// <summary>Stopped gracefully: in-flight requests were allowed to finish.</summary>
    Stopped,

    /// <summary>Killed: open connections were reset, nothing was drained.</summary>
    Killed,

    /// <summary>Disposed; it cannot be restarted.</summary>
    Disposed,
}
