using EduPlatform.Gateway.Configuration;
using Microsoft.Extensions.Options;

namespace EduPlatform.Gateway.Edge;

/// <summary>
/// The first thing every request meets after the client address is settled: its correlation id
/// (kept or created, forwarded as a request header), spoofed identity headers removed, and
/// <c>X-Gateway</c> / <c>X-Correlation-Id</c> promised on the response, whatever answers it
/// (a service, the limiter, an error).
/// </summary>
public sealed class EdgeHeadersMiddleware(RequestDelegate next, IOptions<GatewayOptions> options)
{
    public const string GatewayHeader = "X-Gateway";

    private readonly string _gatewayName = options.Value.Name;

    public Task InvokeAsync(HttpContext context)
    {
        var correlationId = CorrelationId.FromOrCreate(context.Request.Headers);
        context.TraceIdentifier = correlationId;
        context.Request.Headers[CorrelationId.Header] = correlationId;
        IdentityHeaders.StripFrom(context.Request.Headers);

        context.Response.OnStarting(static state =>
        {
            var (response, gatewayName, id) = ((HttpResponse, string, string))state;
            response.Headers[GatewayHeader] = gatewayName;
            response.Headers[CorrelationId.Header] = id;
            return Task.CompletedTask;
        }, (context.Response, _gatewayName, correlationId));

        return next(context);
    }
}
