namespace EduPlatform.CoursePage.Hosting;

/// <summary>Limits of this service as a whole: <c>Server</c>.</summary>
public sealed class ServerLimitsOptions
{
    /// <summary>The configuration section these limits are bound from.</summary>
    public const string Section = "Server";

    /// <summary>
    /// Requests processed at once, all endpoints together (health and diagnostics excepted). The finite worker budget
    /// every server has (threads, connections, memory) made explicit, so that what a slow dependency does to it can
    /// be seen. Default: 32.
    /// </summary>
    public int MaxConcurrentRequests { get; set; } = 32;

    /// <summary>Requests allowed to wait for a worker, oldest first; beyond it, 503. Default: 1000.</summary>
    public int RequestQueueLimit { get; set; } = 1000;

    /// <summary>Largest request body accepted; larger ones get 413. Default: 16 KiB.</summary>
    public long MaxRequestBodyBytes { get; set; } = 16 * 1024;
}
