using System.IO.Compression;
using System.Text;
using EduPlatform.Gateway.Configuration;
using EduPlatform.Gateway.Edge;
using EduPlatform.Gateway.Endpoints;
using EduPlatform.Gateway.Proxying;
using EduPlatform.Gateway.RateLimiting;
using EduPlatform.Gateway.Security;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.Transforms;

namespace EduPlatform.Gateway;

/// <summary>
/// The gateway, composed. Read <see cref="Build"/> top to bottom: the order of the middleware IS
/// the design, and each line says why it stands where it does. What a request meets:
///
/// <code>
/// client ─► forwarded headers ─► access log ─► edge headers ─► problems for exceptions ─► head limits
///        ─► compression ─► routing ─► authentication ─► rate limiter ─► unverified credentials refused ─► authorization
///        ─► YARP: problems ─► body limit ─► login attempts per account ─► retry ─► load balancing ─► passive health
///        ─► forwarder ─► service
/// </code>
/// </summary>
public static class GatewayHost
{
    /// <summary>Where the gateway's appsettings.json lives: its own folder, so it never collides with another app's in a shared bin folder.</summary>
    public static string SettingsFolder { get; } = Path.Combine(AppContext.BaseDirectory, "gateway");

    /// <param name="args">Command line, e.g. <c>--Gateway:Auth:JwksUrl=http://127.0.0.1:5101/.well-known/jwks.json</c>.</param>
    /// <param name="configure">A last say over the builder before <c>Build()</c>: a test host sets the port, logging and overrides here.</param>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        // Settings come from gateway/appsettings*.json beside the executable (see the csproj), whatever the working directory.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = SettingsFolder });
        var gateway = GatewayOptions.From(builder.Configuration);

        builder.Services.AddSingleton(Options.Create(gateway));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            // Routes may lower or raise it (YARP's MaxRequestBodySize); this is the default for all.
            kestrel.Limits.MaxRequestBodySize = gateway.MaxRequestBodyBytes;
            // Twice the gateway's own head limits: what Kestrel refuses itself has an empty body, so the gateway
            // refuses first (RequestHeadLimits) and says which limit was crossed.
            kestrel.Limits.MaxRequestLineSize = 2 * gateway.MaxRequestTargetBytes;
            kestrel.Limits.MaxRequestHeadersTotalSize = 2 * gateway.MaxRequestHeadersBytes;
            kestrel.Limits.MaxRequestHeaderCount = 2 * gateway.MaxRequestHeaderCount;
            // Header values that are not ASCII travel on as the UTF-8 bytes they came in (Kestrel reads request
            // headers as UTF-8); a service's answer may carry them back.
            kestrel.ResponseHeaderEncodingSelector = _ => Encoding.UTF8;
        });
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(gateway.ShutdownTimeoutSeconds));

        builder.Services.Configure<ForwardedHeadersOptions>(forwarded =>
        {
            // The framework trusts loopback by default, and trusts EVERY sender when both lists are
            // empty; here only the configured proxies are trusted, and with none configured the
            // header is not read at all. A chain of trusted proxies is unwound until the first
            // address that is not one.
            forwarded.ForwardedHeaders = gateway.TrustedProxies.Count > 0 ? ForwardedHeaders.XForwardedFor : ForwardedHeaders.None;
            forwarded.KnownIPNetworks.Clear();
            forwarded.KnownProxies.Clear();
#pragma warning disable ASPDEPR005 // the obsolete list of the same networks, cleared for the same reason
            forwarded.KnownNetworks.Clear();
#pragma warning restore ASPDEPR005
            forwarded.ForwardLimit = null;
            foreach (var proxy in gateway.TrustedProxies)
            {
                forwarded.KnownIPNetworks.Add(TrustedProxy.TryParse(proxy, out var network) ? network : throw new GatewayConfigurationException(proxy));
            }
        });
        builder.Services.AddGatewayProblemDetails();
        builder.Services.AddResponseCompression(compression =>
        {
            compression.Providers.Add<BrotliCompressionProvider>();
            compression.Providers.Add<GzipCompressionProvider>();
            compression.MimeTypes = ResponseCompressionDefaults.MimeTypes.Concat(["application/problem+json"]);
        });
        builder.Services.Configure<BrotliCompressionProviderOptions>(brotli => brotli.Level = CompressionLevel.Fastest);
        builder.Services.Configure<GzipCompressionProviderOptions>(gzip => gzip.Level = CompressionLevel.Fastest);
        builder.Services.AddEdgeAuthentication(gateway.Auth);
        builder.Services.AddClientRateLimiting(gateway.RateLimiting);
        builder.Services.AddSingleton<LoginAttemptsPerAccount>();
        builder.Services.Configure<TransportFailureRateHealthPolicyOptions>(passive =>
        {
            passive.DetectionWindowSize = TimeSpan.FromSeconds(gateway.PassiveHealth.DetectionWindowSeconds);
            passive.MinimalTotalCountThreshold = gateway.PassiveHealth.MinimalTotalCount;
            passive.DefaultFailureRateLimit = gateway.PassiveHealth.FailureRateLimit;
        });
        builder.Services.AddReverseProxy()
            .LoadFromConfig(builder.Configuration.GetSection(ReverseProxyKeys.Section))
            .AddConfigFilter<RouteDefaults>()
            .ConfigureHttpClient((_, handler) =>
            {
                // Without these the forwarder refuses to send a header value that is not ASCII: a 502 for a request the
                // client sent, which passive health counted against the destination (a failure to send is a transport
                // failure to it), so ten such requests ejected healthy destinations.
                handler.RequestHeaderEncodingSelector = (_, _) => Encoding.UTF8;
                handler.ResponseHeaderEncodingSelector = (_, _) => Encoding.UTF8;
            })
            .AddTransforms(transforms => transforms.AddRequestTransform(transform =>
            {
                // Spoofed copies were stripped at the edge; these come from the validated token only.
                IdentityHeaders.AddTo(transform.ProxyRequest, transform.HttpContext.User);
                return ValueTask.CompletedTask;
            }));

        configure?.Invoke(builder);
        var app = builder.Build();

        // 1. Who is calling: X-Forwarded-For counts only when a trusted proxy sent it. Everything
        //    after this (access log, limiter partitions) sees the real client address.
        app.UseForwardedHeaders();
        // 2. Outermost of our own, so it logs the final status of every request, rejections included.
        if (gateway.AccessLog)
        {
            app.UseMiddleware<AccessLogMiddleware>();
        }

        // 3. Correlation id, spoofed identity headers removed, X-Gateway promised on every response.
        app.UseMiddleware<EdgeHeadersMiddleware>();
        // 4. An exception from here on (a body Kestrel found malformed while it was read) leaves as a problem with
        //    no detail in any environment, with the headers above.
        app.UseProblemsForUnhandledErrors();
        // 5. A target or headers over the gateway's limits, or a header value with a control character: refused
        //    with a problem before anything reads them.
        app.UseMiddleware<RequestHeadLimits>();
        // 6. Compresses what the gateway sends when the client accepts it (services need not).
        app.UseResponseCompression();
        // 7. Status-only errors (405 from routing, a bare 400) still leave as problem+json.
        app.UseStatusCodePages();
        app.UseRouting();
        // 8. Authentication BEFORE the limiter: the limiter partitions by user, so it must know the
        //    user. The other way round every caller behind one address would share one budget.
        app.UseAuthentication();
        // 9. The limiter before authorization: anonymous floods on closed routes spend their
        //    address's budget too, and a refused request costs no more work. Login attempts spend
        //    their address's budget whatever token they carry.
        app.UseRateLimiter();
        // 10. A token that failed validation is refused even on anonymous routes; then the route's
        //    own policy (deny by default; "Anonymous" routes open).
        app.UseRejectionOfUnverifiedCredentials();
        app.UseAuthorization();

        app.MapGatewayEndpoints();
        // 11. YARP's per-request pipeline, for routes from configuration.
        app.MapReverseProxy(proxy =>
        {
            proxy.UseMiddleware<ForwardingProblems>();          // 502/503/504 as problem+json
            proxy.UseMiddleware<RequestBodyLimit>();            // 413 before a service sees a byte
            proxy.UseMiddleware<LoginAttemptsPerAccount>();     // a login route's second budget: the target account's
            proxy.UseMiddleware<RetryToAnotherDestination>();   // re-runs the three below on another destination
            proxy.UseLoadBalancing();                            // PowerOfTwoChoices unless the cluster says otherwise
            proxy.UsePassiveHealthChecks();                      // every attempt's outcome counts toward ejection
        });
        return app;
    }
}
