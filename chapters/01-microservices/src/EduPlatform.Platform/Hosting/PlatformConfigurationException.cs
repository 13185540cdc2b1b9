namespace EduPlatform.Platform.Hosting;

/// <summary>The host's configuration is incomplete or contradictory; the message says which key to set.</summary>
public sealed class PlatformConfigurationException : Exception
{
    public PlatformConfigurationException()
    {
    }

    public PlatformConfigurationException(string message)
        : base(message)
    {
    }

    public PlatformConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
