namespace EduPlatform.Gateway.Configuration;

/// <summary>
/// Section <c>Gateway:PassiveHealth</c>: how YARP's <c>TransportFailureRate</c> policy judges a
/// destination from the traffic itself (clusters switch it on with
/// <c>HealthCheck:Passive:Enabled</c>; the ejection time is the cluster's <c>ReactivationPeriod</c>,
/// never shorter than the window below).
/// </summary>
public sealed class PassiveHealthOptions
{
    public const string Section = GatewayOptions.Section + ":" + nameof(GatewayOptions.PassiveHealth);

    /// <summary>The sliding window failures are counted over. Default 10 s (YARP's own default is 60 s).</summary>
    public int DetectionWindowSeconds { get; set; } = 10;

    /// <summary>Requests a destination must have had in the window before it can be judged. Default 10.</summary>
    public int MinimalTotalCount { get; set; } = 10;

    /// <summary>Share of transport failures in the window that ejects a destination. Default 0.3.</summary>
    public double FailureRateLimit { get; set; } = 0.3;
}
