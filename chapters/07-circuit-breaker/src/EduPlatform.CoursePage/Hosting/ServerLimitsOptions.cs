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

    /// <summary>
    /// Longest a request body may take to arrive, from the moment its headers did; slower ones get 408. Bodies are read
    /// before a request takes a worker, so a slow sender costs a connection and a buffer, never a worker; this bounds how
    /// long it holds even those. Default: 10 s (a 16 KiB body at 1.6 KB/s).
    /// </summary>
    public TimeSpan BodyReadTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
