namespace EduPlatform.Gateway.Configuration;

/// <summary>
/// Section <c>Gateway</c>: everything the gateway itself decides. Routes, clusters, destinations,
/// load balancing and health checks are YARP's own section, <c>ReverseProxy</c>. Every default is
/// stated here and in the chapter README.
/// </summary>
public sealed class GatewayOptions
{
    public const string Section = "Gateway";

    /// <summary>Sent as the <c>X-Gateway</c> response header on every response. Default <c>eduplatform-gateway</c>.</summary>
    public string Name { get; set; } = "eduplatform-gateway";

    /// <summary>
    /// Largest request body accepted on any route; larger ones get 413 before a service sees a byte.
    /// A route may lower or raise it with YARP's <c>MaxRequestBodySize</c>. Default 1 MiB.
    /// </summary>
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// Longest request target (path and query) the gateway answers; a longer one gets a 414 problem. Kestrel's own
    /// limit on the whole request line is set at twice this: beyond it Kestrel answers 414 itself, with an empty body.
    /// Default 8 KiB (Kestrel's default request line).
    /// </summary>
    public int MaxRequestTargetBytes { get; set; } = 8 * 1024;

    /// <summary>
    /// Most bytes of header names and values a request may carry; more get a 431 problem. Kestrel's own limit is twice
    /// this (beyond it, Kestrel's 431 with an empty body). Default 32 KiB (Kestrel's default).
    /// </summary>
    public int MaxRequestHeadersBytes { get; set; } = 32 * 1024;

    /// <summary>Most header fields a request may carry; more get a 431 problem (Kestrel's own limit: twice this). Default 100 (Kestrel's default).</summary>
    public int MaxRequestHeaderCount { get; set; } = 100;

    /// <summary>
    /// Addresses (<c>10.0.0.5</c>) or networks (<c>10.0.0.0/8</c>) of proxies in front of the gateway whose
    /// <c>X-Forwarded-For</c> is believed. From anyone else the header is ignored and the caller is its
    /// socket address. Default: none, the gateway is the edge.
    /// </summary>
    public List<string> TrustedProxies { get; set; } = [];

    /// <summary>Write one structured access-log line per request. Default true.</summary>
    public bool AccessLog { get; set; } = true;

    /// <summary>How long in-flight requests may finish after SIGTERM. Default 25 s.</summary>
    public int ShutdownTimeoutSeconds { get; set; } = 25;

    public EdgeAuthOptions Auth { get; set; } = new();

    public RateLimitingOptions RateLimiting { get; set; } = new();

    public RetryOptions Retry { get; set; } = new();

    public PassiveHealthOptions PassiveHealth { get; set; } = new();

    public static GatewayOptions From(IConfiguration configuration)
    {
        var options = configuration.GetSection(Section).Get<GatewayOptions>() ?? new GatewayOptions();
        options.Validate();
        return options;
    }

    private void Validate()
    {
        var errors = new List<string>();
        if (MaxRequestBodyBytes <= 0)
        {
            errors.Add("Gateway:MaxRequestBodyBytes must be positive.");
        }

        if (MaxRequestTargetBytes <= 0 || MaxRequestHeadersBytes <= 0 || MaxRequestHeaderCount <= 0)
        {
            errors.Add("Gateway:MaxRequestTargetBytes, MaxRequestHeadersBytes and MaxRequestHeaderCount must be positive.");
        }

        if (string.IsNullOrWhiteSpace(Auth.JwksUrl) || !Uri.TryCreate(Auth.JwksUrl, UriKind.Absolute, out _))
        {
            errors.Add("Gateway:Auth:JwksUrl must be the absolute URL of the auth service's JWKS, e.g. http://127.0.0.1:5101/.well-known/jwks.json.");
        }

        if (Auth.ClockSkewSeconds is < 0 or > 300)
        {
            errors.Add("Gateway:Auth:ClockSkewSeconds must be between 0 and 300.");
        }

        if (Retry.MaxAttempts < 1)
        {
            errors.Add("Gateway:Retry:MaxAttempts must be at least 1 (1 means no retry).");
        }

        if (!RateLimiting.Policies.ContainsKey(RateLimiting.DefaultPolicy))
        {
            errors.Add($"Gateway:RateLimiting:DefaultPolicy '{RateLimiting.DefaultPolicy}' is not one of Gateway:RateLimiting:Policies ({string.Join(", ", RateLimiting.Policies.Keys)}).");
        }

        foreach (var (name, policy) in RateLimiting.Policies)
        {
            if (policy.PermitLimit < 1 || policy.WindowSeconds < 1)
            {
                errors.Add($"Gateway:RateLimiting:Policies:{name} needs PermitLimit >= 1 and WindowSeconds >= 1.");
            }
        }

        foreach (var proxy in TrustedProxies)
        {
            if (!TrustedProxy.TryParse(proxy, out _))
            {
                errors.Add($"Gateway:TrustedProxies: '{proxy}' is neither an IP address nor a CIDR network.");
            }
        }

        if (errors.Count > 0)
        {
            throw new GatewayConfigurationException(string.Join(Environment.NewLine, errors));
        }
    }
}
