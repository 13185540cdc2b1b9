namespace EduPlatform.Gateway.Configuration;

/// <summary>Section <c>Gateway:Retry</c>: retries of idempotent requests to another destination.</summary>
public sealed class RetryOptions
{
    public const string Section = GatewayOptions.Section + ":" + nameof(GatewayOptions.Retry);

    /// <summary>
    /// Attempts per request, the first included, each on a different destination of the cluster.
    /// Default 3 (the first try and at most two retries); 1 switches retries off.
    /// </summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>
    /// Methods that may be sent twice. Default the idempotent ones of RFC 9110 §9.2.2: GET, HEAD,
    /// OPTIONS, TRACE, PUT, DELETE. POST and PATCH are never retried by the gateway: only the
    /// service knows whether repeating one is safe (chapter 01's payments use an Idempotency-Key for that).
    /// </summary>
    public List<string> Methods { get; set; } = ["GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE"];

    /// <summary>Bodies of retryable requests are buffered so a retry can resend them; above this they spill to disk. Default 32 KiB.</summary>
    public int BodyMemoryBufferBytes { get; set; } = 32 * 1024;
}
