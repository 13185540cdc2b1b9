namespace EduPlatform.Harness.Infrastructure;

/// <summary>
/// No backend can provide a resource, or the chosen one failed to start. The message says exactly
/// what to install or set; a failed start carries the server's own log.
/// </summary>
public sealed class InfrastructureUnavailableException : Exception
{
    public InfrastructureUnavailableException(string message)
        : base(message)
    {
    }

    public InfrastructureUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public InfrastructureUnavailableException()
    {
    }
}
