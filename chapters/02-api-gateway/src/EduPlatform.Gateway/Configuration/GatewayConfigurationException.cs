namespace EduPlatform.Gateway.Configuration;

/// <summary>A setting the operator must fix; the program prints it without a stack trace and exits with 2.</summary>
public sealed class GatewayConfigurationException : Exception
{
    public GatewayConfigurationException()
    {
    }

    public GatewayConfigurationException(string message) : base(message)
    {
    }

    public GatewayConfigurationException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
