namespace EduPlatform.Load;

/// <summary>
/// Explicit limits for the load client's connection pool. Defaults are stated so nobody has to
/// guess what the generator did: a hidden default (e.g. unlimited connections) changes results.
/// </summary>
public sealed record HttpClientLimits
{
    /// <summary>Connections to one host:port. Default 100. Open-model requests beyond it queue in the client, which the latency shows.</summary>
    public int MaxConnectionsPerServer { get; init; } = 100;

    /// <summary>Default 5 s.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Whole-request timeout; a timed-out request is a failure with status "timeout". Default 30 s.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Recycle connections so DNS and balancing changes are seen. Default 2 min.</summary>
    public TimeSpan PooledConnectionLifetime { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Default 30 s.</summary>
    public TimeSpan PooledConnectionIdleTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
